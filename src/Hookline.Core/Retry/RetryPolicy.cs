namespace Hookline.Core.Retry;

/// <summary>
/// How often and when a failed delivery is tried again. Either an explicit schedule
/// (<see cref="ScheduleSeconds"/>: the delay before each retry) or an exponential policy.
/// The first attempt is always immediate; <see cref="MaxAttempts"/> counts it.
/// </summary>
public sealed record RetryPolicy
{
    public IReadOnlyList<double>? ScheduleSeconds { get; init; }
    public int? MaxAttempts { get; init; }
    public double? InitialDelaySeconds { get; init; }
    public double? BackoffMultiplier { get; init; }
    public double? MaxDelaySeconds { get; init; }
    /// <summary>Jitter as a fraction of each delay (0.2 = ±20 %).</summary>
    public double? Jitter { get; init; }
    /// <summary>Status codes worth a retry; null means every non-2xx.</summary>
    public IReadOnlyList<int>? RetryOnStatusCodes { get; init; }

    /// <summary>Default: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with ±20 % jitter.</summary>
    public static RetryPolicy Default { get; } = new()
    {
        ScheduleSeconds = [5, 300, 1800, 7200, 18000, 36000, 36000],
        Jitter = 0.2,
    };
}
