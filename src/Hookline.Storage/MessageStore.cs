using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class MessageStore(Db db, AppEndpointCache endpoints) : IMessageStore
{
    public Task<PublishResult> PublishAsync(Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut, CancellationToken ct = default) =>
        db.GroupWriteAsync((c, t, group) => WriteAsync(c, t, group, endpoints, message, fanOut), ct);

    /// <summary>The publish inside a group commit of the caller's, so other rows (an inbound event) can commit with it.</summary>
    internal static async Task<PublishResult> WriteAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, GroupBatch group,
        AppEndpointCache endpoints, Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut)
    {
        // Insert first and let the unique event_id index decide: a publish racing another with the same
        // event_id (another node, a client retry) waits for it and then sees the first message.
        var inserted = await c.ExecuteAsync(
            $"""
                INSERT INTO messages ({MessageRow.Columns}) VALUES (@Id, @AppId, @EventType, @EventId, @Channels, @Payload, @CreatedAt, @PayloadPrunedAt, @TraceParent)
                ON CONFLICT (app_id, event_id) WHERE event_id IS NOT NULL DO NOTHING
                """,
            MessageRow.From(message), t).ConfigureAwait(false);
        if (inserted == 0)
        {
            var existing = await c.QuerySingleAsync<MessageRow>(
                $"SELECT {MessageRow.Columns} FROM messages WHERE app_id = @AppId AND event_id = @EventId",
                new { message.AppId, message.EventId }, t).ConfigureAwait(false);
            return new PublishResult(existing.ToMessage(), true, []);
        }
        var enabled = await group.EndpointsAsync(message.AppId, app => endpoints.EnabledAsync(c, t, app)).ConfigureAwait(false);
        var deliveries = fanOut(enabled);
        await RowBatch.ExecuteAsync(c, t, DeliveryInsert, deliveries.Select(DeliveryRow.From).ToList(), DeliveryColumns).ConfigureAwait(false);
        group.AddMessage(message, deliveries.Count);
        return new PublishResult(message, false, deliveries);
    }

    private const string DeliveryInsert =
        $"INSERT INTO deliveries ({DeliveryRow.Columns}) VALUES (@Id, @MessageId, @AppId, @EndpointId, @EventType, @Status, @AttemptCount, @RoundStart, @NextTrigger, @NextAttemptAt, @DueAt, @LastStatusCode, @LastError, @CreatedAt, @UpdatedAt, @SkipReason)";

    private static readonly (string, Func<DeliveryRow, object?>)[] DeliveryColumns =
    [
        ("Id", r => r.Id),
        ("MessageId", r => r.MessageId),
        ("AppId", r => r.AppId),
        ("EndpointId", r => r.EndpointId),
        ("EventType", r => r.EventType),
        ("Status", r => r.Status),
        ("AttemptCount", r => r.AttemptCount),
        ("RoundStart", r => r.RoundStart),
        ("NextTrigger", r => r.NextTrigger),
        ("NextAttemptAt", r => r.NextAttemptAt),
        ("DueAt", r => r.DueAt),
        ("LastStatusCode", r => r.LastStatusCode),
        ("LastError", r => r.LastError),
        ("CreatedAt", r => r.CreatedAt),
        ("UpdatedAt", r => r.UpdatedAt),
        ("SkipReason", r => r.SkipReason),
    ];

    public Task<Message?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<MessageRow>(
            $"SELECT {MessageRow.Columns} FROM messages WHERE id = @id AND app_id = @appId", new { id, appId }).ConfigureAwait(false))?.ToMessage(), ct);

    public Task<Page<Message>> ListAsync(string appId, MessageQuery query, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<MessageRow>(
                $"""
                SELECT {MessageRow.Columns} FROM messages
                WHERE app_id = @appId AND (@after IS NULL OR id < @after)
                  AND (@eventType IS NULL OR event_type = @eventType)
                  AND (@since IS NULL OR created_at >= @since)
                  AND (@until IS NULL OR created_at < @until)
                  AND (@channel IS NULL OR channels LIKE @channel)
                ORDER BY id DESC LIMIT @take OFFSET @offset
                """,
                new
                {
                    appId,
                    after = page.After,
                    eventType = query.EventType,
                    since = query.Since.ToMs(),
                    until = query.Until.ToMs(),
                    channel = query.Channel is null ? null : "%" + StoreJson.Write(query.Channel) + "%",
                    take = (long)page.Limit + 1,
                    offset = (long)page.Offset,
                }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToMessage()).ToList(), page.Limit, m => m.Id);
        }, ct);
}
