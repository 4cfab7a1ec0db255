namespace Hookline.Core.Analytics;

/// <summary>The <c>Hookline:Analytics</c> settings.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>
    /// Add to the analytics rollups in the publish and attempt transactions. Default true. Turned off,
    /// the analytics API, the dashboard charts and the failure-rate and latency alert rules see nothing
    /// new (what was summed before stays readable); the store writes a few rows less per group commit.
    /// </summary>
    public bool Rollups { get; set; } = true;
}
