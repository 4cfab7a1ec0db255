namespace Hookline.Core.Analytics;

/// <summary>Percentiles of attempt duration in ms, estimated from the rollups' buckets; null without attempts.</summary>
public sealed record LatencySummary(double? P50, double? P95, double? P99, double? Mean)
{
    public static LatencySummary Of(AttemptTotals totals) => new(
        LatencyBuckets.Percentile(totals.Latency, 0.50),
        LatencyBuckets.Percentile(totals.Latency, 0.95),
        LatencyBuckets.Percentile(totals.Latency, 0.99),
        totals.Attempts == 0 ? null : Math.Round((double)totals.DurationMsSum / totals.Attempts, 1));
}

/// <summary>What the attempts of a slice (the app, an endpoint, an event type, a bucket) came to.</summary>
public sealed record AttemptSummary(long Attempts, long Succeeded, long Failed, long Dead, double? SuccessRate, LatencySummary LatencyMs)
{
    public static AttemptSummary Of(AttemptTotals t) =>
        new(t.Attempts, t.Succeeded, t.Failed, t.Dead, t.Attempts == 0 ? null : Math.Round((double)t.Succeeded / t.Attempts, 4), LatencySummary.Of(t));
}

public sealed record EndpointAnalytics(string EndpointId, AttemptSummary Summary);

public sealed record EventTypeAnalytics(string EventType, long Messages, long Deliveries, AttemptSummary Summary);

public sealed record ErrorBreakdown(IReadOnlyDictionary<string, long> ByClass, IReadOnlyDictionary<string, long> ByStatus);

public sealed record AnalyticsOverview(
    DateTimeOffset Since,
    DateTimeOffset Until,
    long Messages,
    long Deliveries,
    AttemptSummary Attempts,
    ErrorBreakdown Errors,
    IReadOnlyList<EndpointAnalytics> Endpoints,
    IReadOnlyList<EventTypeAnalytics> EventTypes);

public sealed record TrendPoint(DateTimeOffset At, long Messages, long Deliveries, AttemptSummary Attempts);

public sealed record AnalyticsTrends(DateTimeOffset Since, DateTimeOffset Until, string Interval, IReadOnlyList<TrendPoint> Points);
