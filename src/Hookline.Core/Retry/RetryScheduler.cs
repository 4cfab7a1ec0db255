namespace Hookline.Core.Retry;

/// <summary>Turns a <see cref="RetryPolicy"/> into "how many attempts" and "when next".</summary>
public sealed class RetryScheduler(Random random)
{
    public const int DefaultExponentialMaxAttempts = 5;
    public const double DefaultInitialDelaySeconds = 1;
    public const double DefaultBackoffMultiplier = 2;
    public const double DefaultMaxDelaySeconds = 36000;

    public static int MaxAttempts(RetryPolicy policy) =>
        policy.ScheduleSeconds is { } schedule ? schedule.Count + 1 : policy.MaxAttempts ?? DefaultExponentialMaxAttempts;

    /// <summary>Whether a response with this status code may be retried at all.</summary>
    public static bool IsRetryableStatus(RetryPolicy policy, int? statusCode) =>
        statusCode is null || policy.RetryOnStatusCodes is null || policy.RetryOnStatusCodes.Contains(statusCode.Value);

    /// <summary>
    /// The delay before the next attempt after <paramref name="attemptsMade"/> attempts, or null
    /// when none is left.
    /// </summary>
    public TimeSpan? NextDelay(RetryPolicy policy, int attemptsMade)
    {
        if (attemptsMade >= MaxAttempts(policy))
        {
            return null;
        }
        double seconds;
        if (policy.ScheduleSeconds is { } schedule)
        {
            seconds = schedule[attemptsMade - 1];
        }
        else
        {
            var initial = policy.InitialDelaySeconds ?? DefaultInitialDelaySeconds;
            var multiplier = policy.BackoffMultiplier ?? DefaultBackoffMultiplier;
            var cap = policy.MaxDelaySeconds ?? DefaultMaxDelaySeconds;
            seconds = Math.Min(cap, initial * Math.Pow(multiplier, attemptsMade - 1));
        }
        if (policy.Jitter is > 0 and var jitter)
        {
            lock (random)
            {
                seconds *= 1 + (((random.NextDouble() * 2) - 1) * jitter);
            }
        }
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }
}
