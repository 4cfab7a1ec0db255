using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class MessageStore(Db db) : IMessageStore
{
    public Task<PublishResult> PublishAsync(Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => WriteAsync(c, t, message, fanOut), ct);

    /// <summary>The publish inside a transaction of the caller's, so other rows (an inbound event) can commit with it.</summary>
    internal static async Task<PublishResult> WriteAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Message message,
        Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut)
    {
        // Insert first and let the unique event_id index decide: a publish racing another with the same
        // event_id (another node, a client retry) waits for it and then sees the first message.
        var inserted = await c.ExecuteAsync(
            $"""
                INSERT INTO messages ({MessageRow.Columns}) VALUES (@Id, @AppId, @EventType, @EventId, @Channels, @Payload, @CreatedAt)
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
        var configs = await c.QueryAsync<string>(
            "SELECT config FROM endpoints WHERE app_id = @AppId AND disabled = 0", new { message.AppId }, t).ConfigureAwait(false);
        var deliveries = fanOut(configs.Select(cfg => EndpointStore.Read(cfg)!).ToList());
        if (deliveries.Count > 0)
        {
            await c.ExecuteAsync(
                $"INSERT INTO deliveries ({DeliveryRow.Columns}) VALUES (@Id, @MessageId, @AppId, @EndpointId, @EventType, @Status, @AttemptCount, @RoundStart, @NextTrigger, @NextAttemptAt, @DueAt, @LastStatusCode, @LastError, @CreatedAt, @UpdatedAt, @SkipReason)",
                deliveries.Select(DeliveryRow.From), t).ConfigureAwait(false);
        }
        return new PublishResult(message, false, deliveries);
    }

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
                ORDER BY id DESC LIMIT @take
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
                }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToMessage()).ToList(), page.Limit, m => m.Id);
        }, ct);
}
