namespace Hookline.Core.Alerts;

/// <summary>
/// A threshold on one of an app's figures over a trailing period. The rule fires when the figure
/// goes above <see cref="Threshold"/> and resolves when it comes back to or below it.
/// </summary>
public sealed record AlertRule
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    /// <summary>One of <see cref="AlertMetrics"/>.</summary>
    public required string Metric { get; init; }
    public required double Threshold { get; init; }
    public required TimeSpan Period { get; init; }
    /// <summary>Only this endpoint's attempts and backlog; the whole app when null.</summary>
    public string? EndpointId { get; init; }
    /// <summary>One of <see cref="AlertStates"/>.</summary>
    public string State { get; init; } = AlertStates.Ok;
    public double? LastValue { get; init; }
    public DateTimeOffset? EvaluatedAt { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

public static class AlertMetrics
{
    /// <summary>Share of attempts that failed over the period (0–1).</summary>
    public const string FailureRate = "failure_rate";
    /// <summary>95th percentile of attempt duration over the period, in ms.</summary>
    public const string LatencyP95 = "latency_p95";
    /// <summary>Unfinished deliveries (pending, sending, failed) right now; the period is how long it must stay above.</summary>
    public const string Backlog = "backlog";

    public static readonly IReadOnlyList<string> All = [FailureRate, LatencyP95, Backlog];
}

public static class AlertStates
{
    public const string Ok = "ok";
    public const string Firing = "firing";
}
