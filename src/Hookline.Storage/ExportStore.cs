using System.Runtime.CompilerServices;
using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Exports;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class ExportStore(Db db) : IExportStore
{
    private const string Columns = "id, key_id, app_id, resource, format, filters, status, row_count, byte_count, sha256, created_at, finished_at";

    public async IAsyncEnumerable<Message> StreamMessagesAsync(string appId, MessageQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await db.Dialect.OpenAsync(ct).ConfigureAwait(false);
        var rows = connection.QueryUnbufferedAsync<MessageRow>(
            $"""
            SELECT {MessageRow.Columns} FROM messages
            WHERE app_id = @appId
              AND (@eventType IS NULL OR event_type = @eventType)
              AND (@since IS NULL OR created_at >= @since)
              AND (@until IS NULL OR created_at < @until)
              AND (@channel IS NULL OR channels LIKE @channel)
            ORDER BY id DESC
            """,
            new
            {
                appId,
                eventType = query.EventType,
                since = query.Since.ToMs(),
                until = query.Until.ToMs(),
                channel = query.Channel is null ? null : "%" + StoreJson.Write(query.Channel) + "%",
            });
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return row.ToMessage();
        }
    }

    public async IAsyncEnumerable<Delivery> StreamDeliveriesAsync(string appId, DeliveryQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await db.Dialect.OpenAsync(ct).ConfigureAwait(false);
        var rows = connection.QueryUnbufferedAsync<DeliveryRow>(
            $"""
            SELECT {DeliveryRow.Columns} FROM deliveries
            WHERE app_id = @appId
              AND (@status IS NULL OR status = @status)
              AND (@endpointId IS NULL OR endpoint_id = @endpointId)
              AND (@eventType IS NULL OR event_type = @eventType)
              AND (@messageId IS NULL OR message_id = @messageId)
              AND (@since IS NULL OR created_at >= @since)
              AND (@until IS NULL OR created_at < @until)
            ORDER BY id DESC
            """,
            new
            {
                appId,
                status = query.Status?.ToWire(),
                endpointId = query.EndpointId,
                eventType = query.EventType,
                messageId = query.MessageId,
                since = query.Since.ToMs(),
                until = query.Until.ToMs(),
            });
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return row.ToDelivery();
        }
    }

    public Task CreateAsync(ExportRecord record, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO exports ({Columns}) VALUES (@Id, @KeyId, @AppId, @Resource, @Format, @Filters, @Status, @Rows, @Bytes, @Sha256, @CreatedAt, @FinishedAt)",
            new
            {
                record.Id,
                record.KeyId,
                record.AppId,
                record.Resource,
                record.Format,
                Filters = StoreJson.Write(record.Filters),
                record.Status,
                record.Rows,
                record.Bytes,
                record.Sha256,
                CreatedAt = record.CreatedAt.ToMs(),
                FinishedAt = record.FinishedAt.ToMs(),
            }, t), ct);

    public Task FinishAsync(string id, string status, long rows, long bytes, string? sha256, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE exports SET status = @status, row_count = @rows, byte_count = @bytes, sha256 = @sha256, finished_at = @at WHERE id = @id",
            new { id, status, rows, bytes, sha256, at = at.ToMs() }, t), ct);

    public Task<Page<ExportRecord>> ListAsync(string? appId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<Row>(
                $"""
                SELECT {Columns} FROM exports
                WHERE (@appId IS NULL OR app_id = @appId) AND (@after IS NULL OR id < @after)
                ORDER BY id DESC LIMIT @take OFFSET @offset
                """,
                new { appId, after = page.After, take = (long)page.Limit + 1, offset = (long)page.Offset }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToRecord()).ToList(), page.Limit, r => r.Id);
        }, ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string KeyId { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Format { get; set; } = "";
        public string Filters { get; set; } = "{}";
        public string Status { get; set; } = "";
        public long RowCount { get; set; }
        public long ByteCount { get; set; }
        public string? Sha256 { get; set; }
        public long CreatedAt { get; set; }
        public long? FinishedAt { get; set; }

        public ExportRecord ToRecord() => new()
        {
            Id = Id,
            KeyId = KeyId,
            AppId = AppId,
            Resource = Resource,
            Format = Format,
            Filters = StoreJson.Read<Dictionary<string, string>>(Filters),
            Status = Status,
            Rows = RowCount,
            Bytes = ByteCount,
            Sha256 = Sha256,
            CreatedAt = Time.FromMs(CreatedAt),
            FinishedAt = Time.FromMs(FinishedAt),
        };
    }
}
