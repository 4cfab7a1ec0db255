using Hookline.Core.Storage;

namespace Hookline.Core.Analytics;

/// <summary>
/// Overview and trends of an app's deliveries, read from the rollups only: the cost of a query
/// depends on the length of its range, never on how many attempts were made.
/// </summary>
public sealed class AnalyticsService(IAnalyticsStore store)
{
    /// <summary>At most this many points per trend, so a minute interval can't ask for a year.</summary>
    public const int MaxPoints = 1500;

    public static readonly IReadOnlyDictionary<string, long> Intervals = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["minute"] = AnalyticsGrain.Minute,
        ["hour"] = AnalyticsGrain.Hour,
        ["day"] = AnalyticsGrain.Day,
    };

    /// <summary>The range widened to whole minutes, the rollups' finest grain.</summary>
    public static (long From, long To) Align(DateTimeOffset since, DateTimeOffset until, long grain = AnalyticsGrain.Minute) =>
        (AnalyticsGrain.Floor(since.ToUnixTimeMilliseconds(), grain), AnalyticsGrain.Ceiling(until.ToUnixTimeMilliseconds(), grain));

    public async Task<AnalyticsOverview> OverviewAsync(string appId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct = default)
    {
        var (from, to) = Align(since, until);
        var spans = AnalyticsGrain.Cover(from, to);
        var attempts = await store.AttemptsByKeyAsync(appId, spans, ct).ConfigureAwait(false);
        var errors = await store.ErrorsAsync(appId, spans, ct).ConfigureAwait(false);
        var messages = await store.MessagesAsync(appId, spans, byBucket: false, ct).ConfigureAwait(false);

        var byEndpoint = attempts.GroupBy(a => a.EndpointId, StringComparer.Ordinal)
            .Select(g => new EndpointAnalytics(g.Key, AttemptSummary.Of(Sum(g))))
            .OrderByDescending(e => e.Summary.Attempts).ThenBy(e => e.EndpointId, StringComparer.Ordinal)
            .ToList();
        var messagesByType = messages.ToDictionary(m => m.EventType, StringComparer.Ordinal);
        var attemptsByType = attempts.GroupBy(a => a.EventType, StringComparer.Ordinal).ToDictionary(g => g.Key, Sum, StringComparer.Ordinal);
        var byType = messagesByType.Keys.Union(attemptsByType.Keys, StringComparer.Ordinal)
            .Select(type => new EventTypeAnalytics(
                type,
                messagesByType.GetValueOrDefault(type)?.Messages ?? 0,
                messagesByType.GetValueOrDefault(type)?.Deliveries ?? 0,
                AttemptSummary.Of(attemptsByType.GetValueOrDefault(type) ?? new AttemptTotals())))
            .OrderByDescending(e => e.Messages).ThenBy(e => e.EventType, StringComparer.Ordinal)
            .ToList();
        var breakdown = new ErrorBreakdown(
            errors.GroupBy(e => e.ErrorClass, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(e => e.Attempts), StringComparer.Ordinal),
            errors.Where(e => e.StatusCode != 0).GroupBy(e => e.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(e => e.Attempts), StringComparer.Ordinal));
        return new AnalyticsOverview(
            DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to),
            messages.Sum(m => m.Messages), messages.Sum(m => m.Deliveries),
            AttemptSummary.Of(Sum(attempts)), breakdown, byEndpoint, byType);
    }

    /// <param name="interval">One of <see cref="Intervals"/>; the caller has checked it.</param>
    public async Task<AnalyticsTrends> TrendsAsync(string appId, DateTimeOffset since, DateTimeOffset until, string interval, CancellationToken ct = default)
    {
        var grain = Intervals[interval];
        var (from, to) = Align(since, until, grain);
        var span = new AnalyticsSpan(grain, from, to);
        var attempts = (await store.AttemptsByBucketAsync(appId, span, ct).ConfigureAwait(false)).ToDictionary(a => a.Bucket);
        var messages = (await store.MessagesAsync(appId, [span], byBucket: true, ct).ConfigureAwait(false)).ToDictionary(m => m.Bucket);
        var points = new List<TrendPoint>();
        for (var at = from; at < to; at += grain)
        {
            var m = messages.GetValueOrDefault(at);
            points.Add(new TrendPoint(DateTimeOffset.FromUnixTimeMilliseconds(at), m?.Messages ?? 0, m?.Deliveries ?? 0,
                AttemptSummary.Of(attempts.GetValueOrDefault(at) ?? new AttemptTotals())));
        }
        return new AnalyticsTrends(DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to), interval, points);
    }

    /// <summary>How many points a trend over the range would have.</summary>
    public static long PointCount(DateTimeOffset since, DateTimeOffset until, string interval)
    {
        var grain = Intervals[interval];
        var (from, to) = Align(since, until, grain);
        return (to - from) / grain;
    }

    private static AttemptTotals Sum(IEnumerable<AttemptTotals> rows)
    {
        var latency = new long[LatencyBuckets.Count];
        long attempts = 0, succeeded = 0, failed = 0, dead = 0, duration = 0;
        foreach (var r in rows)
        {
            attempts += r.Attempts;
            succeeded += r.Succeeded;
            failed += r.Failed;
            dead += r.Dead;
            duration += r.DurationMsSum;
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] += r.Latency[i];
            }
        }
        return new AttemptTotals { Attempts = attempts, Succeeded = succeeded, Failed = failed, Dead = dead, DurationMsSum = duration, Latency = latency };
    }
}
