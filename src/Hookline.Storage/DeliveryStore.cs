using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class DeliveryStore(Db db) : IDeliveryStore
{
    public Task<Delivery?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<DeliveryRow>(
            $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE id = @id AND app_id = @appId", new { id, appId }).ConfigureAwait(false))?.ToDelivery(), ct);

    public Task<Page<Delivery>> ListAsync(string appId, DeliveryQuery query, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<DeliveryRow>(
                $"""
                SELECT {DeliveryRow.Columns} FROM deliveries
                WHERE app_id = @appId AND (@after IS NULL OR id < @after)
                  AND (@status IS NULL OR status = @status)
                  AND (@endpointId IS NULL OR endpoint_id = @endpointId)
                  AND (@eventType IS NULL OR event_type = @eventType)
                  AND (@messageId IS NULL OR message_id = @messageId)
                  AND (@since IS NULL OR created_at >= @since)
                  AND (@until IS NULL OR created_at < @until)
                ORDER BY id DESC LIMIT @take OFFSET @offset
                """,
                new
                {
                    appId,
                    after = page.After,
                    status = query.Status?.ToWire(),
                    endpointId = query.EndpointId,
                    eventType = query.EventType,
                    messageId = query.MessageId,
                    since = query.Since.ToMs(),
                    until = query.Until.ToMs(),
                    take = (long)page.Limit + 1,
                    offset = (long)page.Offset,
                }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToDelivery()).ToList(), page.Limit, d => d.Id);
        }, ct);

    public Task<IReadOnlyList<Delivery>> ListForMessageAsync(string appId, string messageId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<Delivery>>(async c => (await c.QueryAsync<DeliveryRow>(
            $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE message_id = @messageId AND app_id = @appId ORDER BY id",
            new { messageId, appId }).ConfigureAwait(false)).Select(r => r.ToDelivery()).ToList(), ct);

    public Task<IReadOnlyList<Attempt>> ListAttemptsAsync(string deliveryId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<Attempt>>(async c => (await c.QueryAsync<AttemptRow>(
            $"SELECT {AttemptRow.Columns} FROM attempts WHERE delivery_id = @deliveryId ORDER BY attempt_number, id",
            new { deliveryId }).ConfigureAwait(false)).Select(r => r.ToAttempt()).ToList(), ct);

    public Task<int> RequeueAsync(string appId, RequeueFilter filter, string trigger, DateTimeOffset now, CancellationToken ct = default)
    {
        var statuses = filter.Statuses.Select(s => s.ToWire()).ToArray();
        if (statuses.Length == 0)
        {
            return Task.FromResult(0);
        }
        var inList = string.Join(", ", statuses.Select(s => $"'{s}'"));
        // Replay and recover restart the schedule (a new round). A manual retry is one extra attempt:
        // of a failed delivery inside its round, which it then goes on with (the round starts one later,
        // so the extra attempt uses none of the schedule); of a finished one outside any round
        // (DeliveryStateMachine.ExtraAttempt).
        var roundStart = trigger == AttemptTriggers.Manual
            ? $"CASE WHEN status = {StatusSql.Failed} THEN round_start + 1 ELSE attempt_count + 1 END"
            : "attempt_count";
        return db.WriteAsync((c, t) => c.ExecuteAsync(
            $"""
            UPDATE deliveries SET status = {StatusSql.Pending}, next_trigger = @trigger, next_attempt_at = @now, due_at = @now,
                   round_start = {roundStart}, lease_owner = NULL, updated_at = @now
            WHERE app_id = @appId AND status IN ({inList})
              AND (@deliveryId IS NULL OR id = @deliveryId)
              AND (@endpointId IS NULL OR endpoint_id = @endpointId)
              AND (@since IS NULL OR created_at >= @since)
              AND (@until IS NULL OR created_at < @until)
            """,
            new
            {
                appId,
                trigger,
                now = now.ToMs(),
                deliveryId = filter.DeliveryId,
                endpointId = filter.EndpointId,
                since = filter.Since.ToMs(),
                until = filter.Until.ToMs(),
            }, t), ct);
    }

    /// <summary>
    /// The endpoint's latest attempt: each of its deliveries' latest attempt start is one seek in
    /// ix_attempts_delivery_started (migration 11), so only one value per delivery is compared, never the
    /// endpoint's whole attempt log sorted.
    /// </summary>
    internal static readonly string LastAttemptSql =
        $"SELECT a.{AttemptRow.Columns.Replace(", ", ", a.", StringComparison.Ordinal)} FROM (" +
        "SELECT d.id, COALESCE((SELECT MAX(x.started_at) FROM attempts x WHERE x.delivery_id = d.id), -1) AS last_at " +
        "FROM deliveries d WHERE d.endpoint_id = @endpointId ORDER BY last_at DESC LIMIT 1) l " +
        "JOIN attempts a ON a.delivery_id = l.id AND a.started_at = l.last_at ORDER BY a.attempt_number DESC LIMIT 1";

    public Task<EndpointStats> GetEndpointStatsAsync(string endpointId, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var counts = (await c.QueryAsync<(string Status, long Count)>(
                "SELECT status, COUNT(*) FROM deliveries WHERE endpoint_id = @endpointId GROUP BY status",
                new { endpointId }).ConfigureAwait(false)).ToDictionary(r => r.Status, r => r.Count);
            var last = await c.QueryFirstOrDefaultAsync<AttemptRow>(LastAttemptSql, new { endpointId }).ConfigureAwait(false);
            long Count(DeliveryStatus s) => counts.GetValueOrDefault(s.ToWire());
            return new EndpointStats(
                Count(DeliveryStatus.Pending), Count(DeliveryStatus.Sending), Count(DeliveryStatus.Succeeded),
                Count(DeliveryStatus.Failed), Count(DeliveryStatus.Dead), Count(DeliveryStatus.Skipped),
                last is null ? null : Time.FromMs(last.StartedAt), (int?)last?.StatusCode);
        }, ct);
}
