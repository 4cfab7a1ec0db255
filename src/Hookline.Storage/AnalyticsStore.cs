using System.Data.Common;
using Dapper;
using Hookline.Core.Analytics;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;

namespace Hookline.Storage;

internal sealed class AnalyticsStore(Db db) : IAnalyticsStore
{
    private static readonly string LatencySums = string.Join(", ", Enumerable.Range(0, LatencyBuckets.Count).Select(i => $"SUM(lat_b{i})"));

    public Task<IReadOnlyList<AttemptTotals>> AttemptsByKeyAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, CancellationToken ct = default)
    {
        if (spans.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AttemptTotals>>([]);
        }
        return db.ReadAsync<IReadOnlyList<AttemptTotals>>(async c =>
        {
            var (where, parameters) = SpanFilter(appId, spans);
            var rows = await ReadAttemptsAsync(c,
                $"SELECT endpoint_id, event_type, CAST(0 AS BIGINT), CAST(SUM(attempts) AS BIGINT), CAST(SUM(succeeded) AS BIGINT), CAST(SUM(failed) AS BIGINT), CAST(SUM(dead) AS BIGINT), CAST(SUM(duration_ms_sum) AS BIGINT), {LatencySums} " +
                $"FROM analytics_attempts WHERE {where} GROUP BY endpoint_id, event_type", parameters).ConfigureAwait(false);
            return rows;
        }, ct);
    }

    public Task<IReadOnlyList<AttemptTotals>> AttemptsByBucketAsync(string appId, AnalyticsSpan span, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<AttemptTotals>>(async c =>
        {
            var (where, parameters) = SpanFilter(appId, [span]);
            return await ReadAttemptsAsync(c,
                $"SELECT '', '', bucket, CAST(SUM(attempts) AS BIGINT), CAST(SUM(succeeded) AS BIGINT), CAST(SUM(failed) AS BIGINT), CAST(SUM(dead) AS BIGINT), CAST(SUM(duration_ms_sum) AS BIGINT), {LatencySums} " +
                $"FROM analytics_attempts WHERE {where} GROUP BY bucket ORDER BY bucket", parameters).ConfigureAwait(false);
        }, ct);

    public Task<IReadOnlyList<ErrorTotals>> ErrorsAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, CancellationToken ct = default)
    {
        if (spans.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ErrorTotals>>([]);
        }
        return db.ReadAsync<IReadOnlyList<ErrorTotals>>(async c =>
        {
            var (where, parameters) = SpanFilter(appId, spans);
            var rows = await c.QueryAsync<(string EndpointId, string EventType, string ErrorClass, long StatusCode, long Attempts)>(
                $"SELECT endpoint_id, event_type, error_class, status_code, CAST(SUM(attempts) AS BIGINT) FROM analytics_errors WHERE {where} " +
                "GROUP BY endpoint_id, event_type, error_class, status_code", parameters).ConfigureAwait(false);
            return rows.Select(r => new ErrorTotals(r.EndpointId, r.EventType, r.ErrorClass, (int)r.StatusCode, r.Attempts)).ToList();
        }, ct);
    }

    public Task<IReadOnlyList<MessageTotals>> MessagesAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, bool byBucket, CancellationToken ct = default)
    {
        if (spans.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<MessageTotals>>([]);
        }
        return db.ReadAsync<IReadOnlyList<MessageTotals>>(async c =>
        {
            var (where, parameters) = SpanFilter(appId, spans);
            var sql = byBucket
                ? $"SELECT '', bucket, CAST(SUM(messages) AS BIGINT), CAST(SUM(deliveries) AS BIGINT) FROM analytics_messages WHERE {where} GROUP BY bucket ORDER BY bucket"
                : $"SELECT event_type, CAST(0 AS BIGINT), CAST(SUM(messages) AS BIGINT), CAST(SUM(deliveries) AS BIGINT) FROM analytics_messages WHERE {where} GROUP BY event_type";
            var rows = await c.QueryAsync<(string EventType, long Bucket, long Messages, long Deliveries)>(sql, parameters).ConfigureAwait(false);
            return rows.Select(r => new MessageTotals(r.EventType, r.Bucket, r.Messages, r.Deliveries)).ToList();
        }, ct);
    }

    public Task<QueueDepth> QueueDepthAsync(DateTimeOffset now, IReadOnlyCollection<string> openCircuitEndpoints, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var parameters = new DynamicParameters(new { now = now.ToMs() });
            // Held: parked out of the claims' reach until released (counted from the due index alone, so
            // a million parked rows cost an index range count, not a million row reads), or waiting on an
            // open circuit (its probe).
            parameters.Add("heldDue", HeldDeliveries.HeldDueMs);
            var held = openCircuitEndpoints.Count > 0 ? "endpoint_id IN " + SqlList.In(parameters, "e", openCircuitEndpoints) : "1 = 0";
            // Every unfinished delivery is in the due index (a leased one with its lease expiry).
            var row = await c.QuerySingleAsync<(long? Due, long? Waiting, long? Held, long? Sending, long Parked)>(
                $"""
                SELECT CAST(SUM(CASE WHEN status <> {StatusSql.Sending} AND due_at <= @now THEN 1 ELSE 0 END) AS BIGINT),
                       CAST(SUM(CASE WHEN status <> {StatusSql.Sending} AND due_at > @now AND NOT ({held}) THEN 1 ELSE 0 END) AS BIGINT),
                       CAST(SUM(CASE WHEN status <> {StatusSql.Sending} AND due_at > @now AND ({held}) THEN 1 ELSE 0 END) AS BIGINT),
                       CAST(SUM(CASE WHEN status = {StatusSql.Sending} THEN 1 ELSE 0 END) AS BIGINT),
                       (SELECT COUNT(*) FROM deliveries WHERE due_at = @heldDue)
                FROM deliveries WHERE due_at IS NOT NULL AND due_at < @heldDue
                """, parameters).ConfigureAwait(false);
            return new QueueDepth(row.Due ?? 0, row.Waiting ?? 0, (row.Held ?? 0) + row.Parked, row.Sending ?? 0, openCircuitEndpoints.Count);
        }, ct);

    private static (string Where, DynamicParameters Parameters) SpanFilter(string appId, IReadOnlyList<AnalyticsSpan> spans)
    {
        var parameters = new DynamicParameters(new { appId });
        var ors = new List<string>();
        for (var i = 0; i < spans.Count; i++)
        {
            parameters.Add($"g{i}", spans[i].Grain);
            parameters.Add($"f{i}", spans[i].FromMs);
            parameters.Add($"t{i}", spans[i].ToMs);
            ors.Add($"(grain = @g{i} AND bucket >= @f{i} AND bucket < @t{i})");
        }
        return ($"app_id = @appId AND ({string.Join(" OR ", ors)})", parameters);
    }

    private static async Task<IReadOnlyList<AttemptTotals>> ReadAttemptsAsync(DbConnection c, string sql, DynamicParameters parameters)
    {
        var result = new List<AttemptTotals>();
        await using var reader = await c.ExecuteReaderAsync(sql, parameters).ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var latency = new long[LatencyBuckets.Count];
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] = Long(reader, 8 + i);
            }
            result.Add(new AttemptTotals
            {
                EndpointId = reader.GetString(0),
                EventType = reader.GetString(1),
                Bucket = Long(reader, 2),
                Attempts = Long(reader, 3),
                Succeeded = Long(reader, 4),
                Failed = Long(reader, 5),
                Dead = Long(reader, 6),
                DurationMsSum = Long(reader, 7),
                Latency = latency,
            });
        }
        return result;
    }

    // SUM of BIGINT is NUMERIC on PostgreSQL and INTEGER on SQLite: read either as a long.
    private static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
