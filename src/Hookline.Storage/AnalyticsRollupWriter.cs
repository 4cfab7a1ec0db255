using System.Data.Common;
using Dapper;
using Hookline.Core.Analytics;
using Hookline.Core.Deliveries;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>
/// Adds to the analytics rollups inside the transactions that write what they count: the group
/// commit of attempts and the publish of a message. Outcomes are summed in memory first, so a batch
/// of hundreds of attempts costs a few upserts per grain, sent in the same round trip as the rows
/// they count.
/// </summary>
internal static class AnalyticsRollupWriter
{
    private static readonly string LatencyColumns = string.Join(", ", Enumerable.Range(0, LatencyBuckets.Count).Select(i => $"lat_b{i}"));
    private static readonly string LatencyValues = string.Join(", ", Enumerable.Range(0, LatencyBuckets.Count).Select(i => $"@b{i}"));
    private static readonly string LatencyUpdates = string.Join(", ",
        Enumerable.Range(0, LatencyBuckets.Count).Select(i => $"lat_b{i} = analytics_attempts.lat_b{i} + excluded.lat_b{i}"));

    private static readonly string AttemptUpsert = $"""
        INSERT INTO analytics_attempts (app_id, grain, bucket, endpoint_id, event_type, attempts, succeeded, failed, dead, duration_ms_sum, {LatencyColumns})
        VALUES (@app, @grain, @bucket, @endpoint, @type, @attempts, @succeeded, @failed, @dead, @duration, {LatencyValues})
        ON CONFLICT (app_id, grain, bucket, endpoint_id, event_type) DO UPDATE SET
            attempts = analytics_attempts.attempts + excluded.attempts,
            succeeded = analytics_attempts.succeeded + excluded.succeeded,
            failed = analytics_attempts.failed + excluded.failed,
            dead = analytics_attempts.dead + excluded.dead,
            duration_ms_sum = analytics_attempts.duration_ms_sum + excluded.duration_ms_sum,
            {LatencyUpdates}
        """;

    private const string ErrorUpsert = """
        INSERT INTO analytics_errors (app_id, grain, bucket, endpoint_id, event_type, error_class, status_code, attempts)
        VALUES (@app, @grain, @bucket, @endpoint, @type, @class, @code, @attempts)
        ON CONFLICT (app_id, grain, bucket, endpoint_id, event_type, error_class, status_code) DO UPDATE SET
            attempts = analytics_errors.attempts + excluded.attempts
        """;

    private const string MessageUpsert = """
        INSERT INTO analytics_messages (app_id, grain, bucket, event_type, messages, deliveries)
        VALUES (@app, @grain, @bucket, @type, @messages, @deliveries)
        ON CONFLICT (app_id, grain, bucket, event_type) DO UPDATE SET
            messages = analytics_messages.messages + excluded.messages,
            deliveries = analytics_messages.deliveries + excluded.deliveries
        """;

    /// <summary>Each outcome's rollup keys: as the engine carried them, else read from its delivery.</summary>
    private static async Task<Dictionary<string, DeliveryKeys>> KeysAsync(DbConnection c, DbTransaction t, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var keys = new Dictionary<string, DeliveryKeys>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (outcome.Keys is { } carried)
            {
                keys[outcome.DeliveryId] = carried;
            }
        }
        var missing = outcomes.Select(o => o.DeliveryId).Where(id => !keys.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var parameters = new DynamicParameters();
            var ids = SqlList.In(parameters, "d", missing);
            foreach (var row in await c.QueryAsync<(string Id, string AppId, string EndpointId, string EventType)>(
                $"SELECT id, app_id, endpoint_id, event_type FROM deliveries WHERE id IN {ids}", parameters, t).ConfigureAwait(false))
            {
                keys[row.Id] = new DeliveryKeys(row.AppId, row.EndpointId, row.EventType);
            }
        }
        return keys;
    }

    /// <summary>Adds the upserts of the outcomes' rollups to <paramref name="batch"/>; reads only keys the engine did not carry.</summary>
    public static async Task AddAttemptsAsync(DbConnection c, DbTransaction t, StatementBatch batch, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var keys = await KeysAsync(c, t, outcomes).ConfigureAwait(false);

        var attempts = new Dictionary<(string, long, string, string), Sums>();
        var errors = new Dictionary<(string, long, string, string, string, int), long>();
        foreach (var outcome in outcomes)
        {
            if (!keys.TryGetValue(outcome.DeliveryId, out var key))
            {
                continue;
            }
            var minute = AnalyticsGrain.Floor(outcome.Attempt.StartedAt.ToMs(), AnalyticsGrain.Minute);
            var sums = attempts.TryGetValue((key.AppId, minute, key.EndpointId, key.EventType), out var s) ? s : new Sums();
            sums.Add(outcome);
            attempts[(key.AppId, minute, key.EndpointId, key.EventType)] = sums;
            if (outcome.Attempt.ErrorClass is { } errorClass)
            {
                var errorKey = (key.AppId, minute, key.EndpointId, key.EventType, errorClass, outcome.Attempt.StatusCode ?? 0);
                errors[errorKey] = errors.GetValueOrDefault(errorKey) + 1;
            }
        }
        // Minute rows re-summed per grain (an hour row is the sum of its minutes' rows of this batch), every grain in
        // one statement batch, in key order so two transactions adding to the same rows lock them in the same order.
        var rolled = AnalyticsGrain.All.SelectMany(grain => attempts
                .GroupBy(a => (a.Key.Item1, grain, AnalyticsGrain.Floor(a.Key.Item2, grain), a.Key.Item3, a.Key.Item4))
                .Select(g => (g.Key, Sums: Sums.Combine(g.Select(x => x.Value)))))
            .OrderBy(r => r.Key, KeyOrder.Instance)
            .ToList();
        batch.Add(AttemptUpsert, rolled, AttemptColumns);
        if (errors.Count > 0)
        {
            var rolledErrors = AnalyticsGrain.All.SelectMany(grain => errors
                    .GroupBy(e => (e.Key.Item1, grain, AnalyticsGrain.Floor(e.Key.Item2, grain), e.Key.Item3, e.Key.Item4, e.Key.Item5, e.Key.Item6))
                    .Select(g => (g.Key, Count: g.Sum(x => x.Value))))
                .OrderBy(r => (r.Key.Item1, r.Key.grain, r.Key.Item3, r.Key.Item4, r.Key.Item5), KeyOrder.Instance)
                .ThenBy(r => r.Key.Item6, StringComparer.Ordinal).ThenBy(r => r.Key.Item7)
                .ToList();
            batch.Add(ErrorUpsert, rolledErrors, ErrorColumns);
        }
    }

    /// <summary>
    /// Adds the upserts of per-minute message counts to every grain to <paramref name="batch"/>. Rows are upserted
    /// in key order, so two nodes committing rollups of the same keys lock them in the same order and never deadlock.
    /// </summary>
    public static void AddMessages(StatementBatch batch, IReadOnlyList<(string App, string Type, long Minute, long Messages, long Deliveries)> minutes)
    {
        var rolled = AnalyticsGrain.All.SelectMany(grain => minutes
                .GroupBy(m => (m.App, m.Type, Grain: grain, Bucket: AnalyticsGrain.Floor(m.Minute, grain)))
                .Select(g => (g.Key, Messages: g.Sum(m => m.Messages), Deliveries: g.Sum(m => m.Deliveries))))
            .OrderBy(r => r.Key.App, StringComparer.Ordinal).ThenBy(r => r.Key.Type, StringComparer.Ordinal).ThenBy(r => r.Key.Grain).ThenBy(r => r.Key.Bucket)
            .ToList();
        batch.Add(MessageUpsert, rolled,
        [
            ("app", r => r.Key.App),
            ("grain", r => r.Key.Grain),
            ("bucket", r => r.Key.Bucket),
            ("type", r => r.Key.Type),
            ("messages", r => r.Messages),
            ("deliveries", r => r.Deliveries),
        ]);
    }

    private static readonly (string, Func<((string App, long Grain, long Bucket, string Endpoint, string Type) Key, Sums Sums), object?>)[] AttemptColumns = AttemptColumnList();

    private static (string, Func<((string App, long Grain, long Bucket, string Endpoint, string Type) Key, Sums Sums), object?>)[] AttemptColumnList()
    {
        var columns = new List<(string, Func<((string App, long Grain, long Bucket, string Endpoint, string Type) Key, Sums Sums), object?>)>
        {
            ("app", r => r.Key.App),
            ("grain", r => r.Key.Grain),
            ("bucket", r => r.Key.Bucket),
            ("endpoint", r => r.Key.Endpoint),
            ("type", r => r.Key.Type),
            ("attempts", r => r.Sums.Attempts),
            ("succeeded", r => r.Sums.Succeeded),
            ("failed", r => r.Sums.Failed),
            ("dead", r => r.Sums.Dead),
            ("duration", r => r.Sums.DurationMs),
        };
        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            var index = i;
            columns.Add(($"b{i}", r => r.Sums.Latency[index]));
        }
        return [.. columns];
    }

    private static readonly (string, Func<((string App, long Grain, long Bucket, string Endpoint, string Type, string Class, int Code) Key, long Count), object?>)[] ErrorColumns =
    [
        ("app", r => r.Key.App),
        ("grain", r => r.Key.Grain),
        ("bucket", r => r.Key.Bucket),
        ("endpoint", r => r.Key.Endpoint),
        ("type", r => r.Key.Type),
        ("class", r => r.Key.Class),
        ("code", r => (long)r.Key.Code),
        ("attempts", r => r.Count),
    ];

    /// <summary>Orders rollup keys (app, grain, bucket, endpoint, event type) the same way in every transaction.</summary>
    private sealed class KeyOrder : IComparer<(string App, long Grain, long Bucket, string Endpoint, string Type)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string App, long Grain, long Bucket, string Endpoint, string Type) x, (string App, long Grain, long Bucket, string Endpoint, string Type) y)
        {
            var c = string.CompareOrdinal(x.App, y.App);
            c = c != 0 ? c : x.Grain.CompareTo(y.Grain);
            c = c != 0 ? c : x.Bucket.CompareTo(y.Bucket);
            c = c != 0 ? c : string.CompareOrdinal(x.Endpoint, y.Endpoint);
            return c != 0 ? c : string.CompareOrdinal(x.Type, y.Type);
        }
    }

    private sealed class Sums
    {
        public long Attempts;
        public long Succeeded;
        public long Failed;
        public long Dead;
        public long DurationMs;
        public readonly long[] Latency = new long[LatencyBuckets.Count];

        public void Add(DeliveryOutcome outcome)
        {
            Attempts++;
            if (outcome.Attempt.ErrorClass is null)
            {
                Succeeded++;
            }
            else
            {
                Failed++;
            }
            if (outcome.NewStatus == DeliveryStatus.Dead)
            {
                Dead++;
            }
            DurationMs += outcome.Attempt.DurationMs;
            Latency[LatencyBuckets.IndexOf(outcome.Attempt.DurationMs)]++;
        }

        public static Sums Combine(IEnumerable<Sums> parts)
        {
            var total = new Sums();
            foreach (var p in parts)
            {
                total.Attempts += p.Attempts;
                total.Succeeded += p.Succeeded;
                total.Failed += p.Failed;
                total.Dead += p.Dead;
                total.DurationMs += p.DurationMs;
                for (var i = 0; i < total.Latency.Length; i++)
                {
                    total.Latency[i] += p.Latency[i];
                }
            }
            return total;
        }
    }
}
