using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class MessageStore(Db db, GroupCommit group) : IMessageStore
{
    public Task<PublishResult> PublishAsync(Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut, CancellationToken ct = default) =>
        group.PublishAsync(new PublishWrite(message, fanOut), (_, _, _, published) => Task.FromResult(published), ct);

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
