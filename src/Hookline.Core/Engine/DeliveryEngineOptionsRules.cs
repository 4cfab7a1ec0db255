namespace Hookline.Core.Engine;

/// <summary>
/// What makes a <see cref="DeliveryEngineOptions"/> usable. Checked once, at start (the server
/// refuses to start, the engine's constructor throws), so the engine never has to clamp a setting.
/// </summary>
public static class DeliveryEngineOptionsRules
{
    /// <summary>Each bad setting, by its name under <c>Hookline:Delivery</c> (e.g. <c>Breaker:BreakDuration</c>), with what is wrong.</summary>
    public static IReadOnlyList<(string Setting, string Problem)> Problems(DeliveryEngineOptions o)
    {
        var problems = new List<(string, string)>();
        void AtLeast(string setting, int value, int min)
        {
            if (value < min)
            {
                problems.Add((setting, $"must be at least {min} (was {value})"));
            }
        }
        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add((setting, $"must be a positive duration (was {value})"));
            }
        }
        void NotNegative(string setting, TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                problems.Add((setting, $"must not be negative (was {value})"));
            }
        }

        if (string.IsNullOrWhiteSpace(o.NodeId))
        {
            problems.Add((nameof(o.NodeId), "must not be empty"));
        }
        Positive(nameof(o.LeaseDuration), o.LeaseDuration);
        Positive(nameof(o.EndpointLeaseDuration), o.EndpointLeaseDuration);
        Positive(nameof(o.HeartbeatInterval), o.HeartbeatInterval);
        Positive(nameof(o.NodeTimeout), o.NodeTimeout);
        if (o.NodeTimeout > TimeSpan.Zero && o.NodeTimeout <= o.HeartbeatInterval)
        {
            problems.Add((nameof(o.NodeTimeout), $"must be longer than HeartbeatInterval ({o.HeartbeatInterval}), or live nodes would be declared dead"));
        }
        NotNegative(nameof(o.LeaseMargin), o.LeaseMargin);
        AtLeast(nameof(o.BatchSize), o.BatchSize, 1);
        AtLeast(nameof(o.MaxInFlight), o.MaxInFlight, 1);
        AtLeast(nameof(o.DefaultEndpointConcurrency), o.DefaultEndpointConcurrency, 1);
        AtLeast(nameof(o.LaneBacklogPerSlot), o.LaneBacklogPerSlot, 0);
        Positive(nameof(o.PollInterval), o.PollInterval);
        NotNegative(nameof(o.EndpointCacheTtl), o.EndpointCacheTtl);
        AtLeast(nameof(o.CommitBatchSize), o.CommitBatchSize, 1);
        Positive(nameof(o.MaxRetryAfter), o.MaxRetryAfter);
        AtLeast(nameof(o.RateLimitAttemptBound), o.RateLimitAttemptBound, 0);
        NotNegative(nameof(o.ShutdownGracePeriod), o.ShutdownGracePeriod);
        NotNegative(nameof(o.ShutdownFlushTimeout), o.ShutdownFlushTimeout);
        Positive(nameof(o.ClaimErrorBackoff), o.ClaimErrorBackoff);
        if (o.AutoDisableAfter is { } after)
        {
            Positive(nameof(o.AutoDisableAfter), after);
        }
        AtLeast(nameof(o.FailoverAfterAttempts), o.FailoverAfterAttempts, 1);
        if (o.Breaker is null)
        {
            problems.Add((nameof(o.Breaker), "must be set"));
        }
        else
        {
            try
            {
                o.Breaker.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                problems.Add(($"{nameof(o.Breaker)}:{e.ParamName}", e.Message.Split(" (Parameter", 2)[0]));
            }
        }
        return problems;
    }

    /// <summary>Throws naming every bad setting; for code that builds an engine without the server's start-up check.</summary>
    public static void ThrowIfInvalid(DeliveryEngineOptions options)
    {
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Bad delivery engine settings: " + string.Join("; ", problems.Select(p => $"{p.Setting} {p.Problem}")), nameof(options));
        }
    }
}
