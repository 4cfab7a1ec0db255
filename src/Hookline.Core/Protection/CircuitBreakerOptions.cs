namespace Hookline.Core.Protection;

/// <summary>When an endpoint's circuit opens and how long it stays open. See docs/protection.md.</summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Default 5. Consecutive failures that open the circuit.</summary>
    public int ConsecutiveFailureThreshold { get; init; } = 5;

    /// <summary>Default 0.5. Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatioThreshold { get; init; } = 0.5;

    /// <summary>Default 60 s. The rolling window the failure ratio is measured over.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Default 20. Attempts the window must hold before the failure ratio is trusted.</summary>
    public int MinimumThroughput { get; init; } = 20;

    /// <summary>Default 30 s. How long the circuit stays open the first time.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default 10 min. The break doubles after each failed probe, up to this.</summary>
    public TimeSpan MaxBreakDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Default 5 min. A probe that has not reported back by then (its worker died) is given up, so
    /// the circuit can't stay half-open forever; the next caller becomes the probe.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsecutiveFailureThreshold, 1, nameof(ConsecutiveFailureThreshold));
        if (FailureRatioThreshold is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatioThreshold), FailureRatioThreshold, "Must be above 0 and at most 1.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(SamplingDuration, TimeSpan.FromSeconds(1), nameof(SamplingDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumThroughput, 1, nameof(MinimumThroughput));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BreakDuration, TimeSpan.Zero, nameof(BreakDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBreakDuration, BreakDuration, nameof(MaxBreakDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProbeTimeout, TimeSpan.Zero, nameof(ProbeTimeout));
    }
}
