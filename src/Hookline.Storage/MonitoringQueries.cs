using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Monitoring;

namespace Hookline.Storage;

/// <summary>
/// The dashboard's reads. Buckets are computed in SQL by integer division of Unix milliseconds, which
/// SQLite and PostgreSQL do alike, so one statement serves both.
/// </summary>
internal sealed class MonitoringQueries(Db db) : IMonitoringQueries
{
    // Attempts carry no app id: they are scoped through their delivery.
    private const string AttemptsInScope = """
        FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
        WHERE a.started_at >= @since AND a.started_at < @until AND (@appId IS NULL OR d.app_id = @appId)
        """;

    /// <summary>
    /// The 95th percentile duration per bucket by nearest rank: the smallest duration whose rank reaches
    /// 95 % of the bucket's attempts. Computed in the database so a week of attempts is not shipped to the server.
    /// </summary>
    internal const string P95Sql = $"""
        SELECT bucket, MIN(duration_ms) AS duration FROM (
            SELECT (a.started_at - @since) / @width AS bucket, a.duration_ms,
                   ROW_NUMBER() OVER (PARTITION BY (a.started_at - @since) / @width ORDER BY a.duration_ms) AS n,
                   COUNT(*) OVER (PARTITION BY (a.started_at - @since) / @width) AS total
            {AttemptsInScope}) ranked
        WHERE n * 100 >= total * 95
        GROUP BY bucket
        """;

    public Task<IReadOnlyList<TrafficBucket>> TrafficAsync(string? appId, DateTimeOffset since, TimeSpan width, int buckets, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<TrafficBucket>>(async c =>
        {
            var widthMs = (long)width.TotalMilliseconds;
            var p = new { appId, since = since.ToMs(), until = since.ToMs() + (widthMs * buckets), width = widthMs };
            var messages = (await c.QueryAsync<(long Bucket, long Count)>(
                """
                SELECT (created_at - @since) / @width AS bucket, COUNT(*) AS count
                FROM messages WHERE created_at >= @since AND created_at < @until AND (@appId IS NULL OR app_id = @appId)
                GROUP BY (created_at - @since) / @width
                """, p).ConfigureAwait(false)).ToDictionary(r => r.Bucket, r => r.Count);
            var attempts = (await c.QueryAsync<AttemptBucketRow>(
                $"""
                SELECT (a.started_at - @since) / @width AS bucket, COUNT(*) AS attempts,
                       SUM(CASE WHEN a.error_class IS NULL THEN 1 ELSE 0 END) AS succeeded
                {AttemptsInScope}
                GROUP BY (a.started_at - @since) / @width
                """, p).ConfigureAwait(false)).ToDictionary(r => r.Bucket);
            var p95 = (await c.QueryAsync<(long Bucket, long Duration)>(P95Sql, p).ConfigureAwait(false)).ToDictionary(r => r.Bucket, r => r.Duration);
            return Enumerable.Range(0, buckets).Select(i =>
            {
                var a = attempts.GetValueOrDefault(i);
                return new TrafficBucket(since + (width * i), messages.GetValueOrDefault(i), a?.Attempts ?? 0, a?.Succeeded ?? 0,
                    p95.TryGetValue(i, out var d) ? d : null);
            }).ToList();
        }, ct);

    public Task<Backlog> BacklogAsync(string? appId, DateTimeOffset now, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var p = new { appId, now = now.ToMs() };
            var counts = (await c.QueryAsync<(string Status, long Count)>(
                $"""
                SELECT status, COUNT(*) FROM deliveries
                WHERE status IN {StatusSql.In(DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Failed, DeliveryStatus.Dead)} AND (@appId IS NULL OR app_id = @appId)
                GROUP BY status
                """, p).ConfigureAwait(false)).ToDictionary(r => r.Status, r => r.Count);
            var due = await c.QueryFirstAsync<(long Count, long? Oldest)>(
                $"""
                SELECT COUNT(*), MIN(due_at) FROM deliveries
                WHERE due_at IS NOT NULL AND due_at <= @now AND status IN {StatusSql.In(DeliveryStatus.Pending, DeliveryStatus.Failed)} AND (@appId IS NULL OR app_id = @appId)
                """, p).ConfigureAwait(false);
            return new Backlog(counts.GetValueOrDefault(DeliveryStatus.Pending.ToWire()), counts.GetValueOrDefault(DeliveryStatus.Sending.ToWire()),
                counts.GetValueOrDefault(DeliveryStatus.Failed.ToWire()), counts.GetValueOrDefault(DeliveryStatus.Dead.ToWire()), due.Count, Time.FromMs(due.Oldest));
        }, ct);

    public Task<IReadOnlyList<FailingEndpoint>> FailingEndpointsAsync(string? appId, DateTimeOffset since, int limit, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<FailingEndpoint>>(async c =>
        {
            var p = new { appId, since = since.ToMs(), until = long.MaxValue, take = (long)limit };
            var rows = (await c.QueryAsync<FailingRow>(
                $"""
                SELECT d.endpoint_id, d.app_id, COUNT(*) AS attempts,
                       SUM(CASE WHEN a.error_class IS NULL THEN 0 ELSE 1 END) AS failed,
                       MAX(CASE WHEN a.error_class IS NULL THEN NULL ELSE a.started_at END) AS last_failure_at
                {AttemptsInScope}
                GROUP BY d.endpoint_id, d.app_id
                HAVING SUM(CASE WHEN a.error_class IS NULL THEN 0 ELSE 1 END) > 0
                ORDER BY failed DESC, d.endpoint_id
                LIMIT @take
                """, p).ConfigureAwait(false)).ToList();
            var result = new List<FailingEndpoint>(rows.Count);
            foreach (var r in rows)
            {
                var last = await c.QueryFirstOrDefaultAsync<(string? ErrorClass, long? StatusCode)>(
                    """
                    SELECT a.error_class, a.status_code FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
                    WHERE d.endpoint_id = @endpointId AND a.started_at = @at AND a.error_class IS NOT NULL
                    """, new { endpointId = r.EndpointId, at = r.LastFailureAt }).ConfigureAwait(false);
                var config = await c.QueryFirstOrDefaultAsync<string>("SELECT config FROM endpoints WHERE id = @id", new { id = r.EndpointId }).ConfigureAwait(false);
                result.Add(new FailingEndpoint(r.EndpointId, r.AppId, EndpointStore.Read(config)?.Url ?? "(deleted)", r.Failed, r.Attempts,
                    Time.FromMs(r.LastFailureAt), last.ErrorClass, (int?)last.StatusCode));
            }
            return result;
        }, ct);

    private sealed class AttemptBucketRow
    {
        public long Bucket { get; set; }
        public long Attempts { get; set; }
        public long Succeeded { get; set; }
    }

    private sealed class FailingRow
    {
        public string EndpointId { get; set; } = "";
        public string AppId { get; set; } = "";
        public long Attempts { get; set; }
        public long Failed { get; set; }
        public long LastFailureAt { get; set; }
    }
}
