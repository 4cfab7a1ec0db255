using System.Data.Common;
using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Inbound;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class InboundEventStore(Db db, GroupCommit group) : IInboundEventStore
{
    private const string EventColumns = "id, app_id, source_id, customer_id, event_type, event_time, event_value, metadata, received_at, message_id, dedupe_key";
    private const string RequestColumns = "id, source_id, received_at, method, path, remote_address, headers, body, body_truncated, status_code, outcome, reason, event_id";

    public Task<InboundWriteResult> WriteAsync(InboundEvent inboundEvent, Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut,
        InboundRequestRecord request, CancellationToken ct = default) =>
        group.PublishAsync(new PublishWrite(message, fanOut), async (c, t, batch, published) =>
        {
            var written = inboundEvent;
            var logged = request;
            if (published.Duplicate)
            {
                // The repeat's message is the first one: its event is the answer, and nothing new is written but the log line.
                // (A first one earlier in this batch has no event row yet: the batch fails, and this runs again alone.)
                written = (await c.QueryFirstOrDefaultAsync<EventRow>(
                    $"SELECT {EventColumns} FROM inbound_events WHERE message_id = @id", new { id = published.Message.Id }, t).ConfigureAwait(false))?.ToEvent()
                    ?? throw new InvalidOperationException($"message {published.Message.Id} has no inbound event");
                logged = request with { Outcome = InboundOutcomes.Duplicate, Reason = "a repeat of an event already received", EventId = written.Id };
            }
            else
            {
                batch.Insert(EventInsert, EventInsertColumns, EventRow.From(inboundEvent));
            }
            batch.Insert(RequestInsert, RequestInsertColumns, RequestRow.From(logged));
            batch.CountRequest(logged.SourceId, logged.Outcome);
            return new InboundWriteResult(written, published);
        }, ct);

    public Task RecordRefusalAsync(InboundRequestRecord request, CancellationToken ct = default) =>
        db.WriteAsync((c, t) =>
        {
            var batch = new GroupBatch(db.Rollups);
            batch.Insert(RequestInsert, RequestInsertColumns, RequestRow.From(request));
            batch.CountRequest(request.SourceId, request.Outcome);
            return batch.FlushAsync(c, t);
        }, ct);

    public Task<InboundEvent?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<EventRow>(
            $"SELECT {EventColumns} FROM inbound_events WHERE id = @id AND app_id = @appId", new { id, appId }).ConfigureAwait(false))?.ToEvent(), ct);

    public Task<Page<InboundEvent>> ListAsync(string appId, InboundEventQuery query, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<EventRow>(
                $"""
                SELECT {EventColumns} FROM inbound_events
                WHERE app_id = @appId AND (@after IS NULL OR id < @after)
                  AND (@customerId IS NULL OR customer_id = @customerId)
                  AND (@eventType IS NULL OR event_type = @eventType)
                  AND (@sourceId IS NULL OR source_id = @sourceId)
                  AND (@since IS NULL OR event_time >= @since)
                  AND (@until IS NULL OR event_time < @until)
                ORDER BY id DESC LIMIT @take
                """,
                new
                {
                    appId,
                    after = page.After,
                    customerId = query.CustomerId,
                    eventType = query.EventType,
                    sourceId = query.SourceId,
                    since = query.Since.ToMs(),
                    until = query.Until.ToMs(),
                    take = (long)page.Limit + 1,
                }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToEvent()).ToList(), page.Limit, e => e.Id);
        }, ct);

    public Task<Page<InboundRequestRecord>> ListRequestsAsync(string sourceId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<RequestRow>(
                $"SELECT {RequestColumns} FROM inbound_requests WHERE source_id = @sourceId AND (@after IS NULL OR id < @after) ORDER BY id DESC LIMIT @take",
                new { sourceId, after = page.After, take = (long)page.Limit + 1 }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToRecord()).ToList(), page.Limit, r => r.Id);
        }, ct);

    public Task<IReadOnlyDictionary<string, long>> CountersAsync(string sourceId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyDictionary<string, long>>(async c =>
        {
            var rows = await c.QueryAsync<(string Outcome, long Requests)>(
                "SELECT outcome, requests FROM source_counters WHERE source_id = @sourceId", new { sourceId }).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Outcome, r => r.Requests, StringComparer.Ordinal);
        }, ct);

    public Task<int> PruneRequestsAsync(DateTimeOffset before, int batch, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM inbound_requests WHERE id IN (SELECT id FROM inbound_requests WHERE received_at < @before ORDER BY received_at LIMIT @batch)",
            new { before = before.ToMs(), batch = (long)batch }, t), ct);

    private const string EventInsert =
        $"INSERT INTO inbound_events ({EventColumns}) VALUES (@Id, @AppId, @SourceId, @CustomerId, @EventType, @EventTime, @EventValue, @Metadata, @ReceivedAt, @MessageId, @DedupeKey)";

    private static readonly IReadOnlyList<(string, Func<EventRow, object?>)> EventInsertColumns = RowColumns.For<EventRow>(EventInsert);

    private const string RequestInsert =
        $"INSERT INTO inbound_requests ({RequestColumns}) VALUES (@Id, @SourceId, @ReceivedAt, @Method, @Path, @RemoteAddress, @Headers, @Body, @BodyTruncated, @StatusCode, @Outcome, @Reason, @EventId)";

    private static readonly IReadOnlyList<(string, Func<RequestRow, object?>)> RequestInsertColumns = RowColumns.For<RequestRow>(RequestInsert);

    private sealed class EventRow
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string SourceId { get; set; } = "";
        public string? CustomerId { get; set; }
        public string EventType { get; set; } = "";
        public long EventTime { get; set; }
        public string? EventValue { get; set; }
        public string Metadata { get; set; } = "{}";
        public long ReceivedAt { get; set; }
        public string MessageId { get; set; } = "";
        public string? DedupeKey { get; set; }

        public InboundEvent ToEvent() => new()
        {
            Id = Id,
            AppId = AppId,
            SourceId = SourceId,
            CustomerId = CustomerId,
            EventType = EventType,
            Timestamp = Time.FromMs(EventTime),
            Value = EventValue,
            Metadata = Metadata,
            ReceivedAt = Time.FromMs(ReceivedAt),
            MessageId = MessageId,
            DedupeKey = DedupeKey,
        };

        public static EventRow From(InboundEvent e) => new()
        {
            Id = e.Id,
            AppId = e.AppId,
            SourceId = e.SourceId,
            CustomerId = e.CustomerId,
            EventType = e.EventType,
            EventTime = e.Timestamp.ToMs(),
            EventValue = e.Value,
            Metadata = e.Metadata,
            ReceivedAt = e.ReceivedAt.ToMs(),
            MessageId = e.MessageId,
            DedupeKey = e.DedupeKey,
        };
    }

    private sealed class RequestRow
    {
        public string Id { get; set; } = "";
        public string SourceId { get; set; } = "";
        public long ReceivedAt { get; set; }
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public string? RemoteAddress { get; set; }
        public string Headers { get; set; } = "{}";
        public string Body { get; set; } = "";
        public long BodyTruncated { get; set; }
        public long StatusCode { get; set; }
        public string Outcome { get; set; } = "";
        public string? Reason { get; set; }
        public string? EventId { get; set; }

        public InboundRequestRecord ToRecord() => new()
        {
            Id = Id,
            SourceId = SourceId,
            ReceivedAt = Time.FromMs(ReceivedAt),
            Method = Method,
            Path = Path,
            RemoteAddress = RemoteAddress,
            Headers = StoreJson.Read<Dictionary<string, string>>(Headers),
            Body = Body,
            BodyTruncated = BodyTruncated != 0,
            StatusCode = (int)StatusCode,
            Outcome = Outcome,
            Reason = Reason,
            EventId = EventId,
        };

        public static RequestRow From(InboundRequestRecord r) => new()
        {
            Id = r.Id,
            SourceId = r.SourceId,
            ReceivedAt = r.ReceivedAt.ToMs(),
            Method = r.Method,
            Path = r.Path,
            RemoteAddress = r.RemoteAddress,
            Headers = StoreJson.Write(r.Headers),
            Body = r.Body,
            BodyTruncated = r.BodyTruncated ? 1 : 0,
            StatusCode = r.StatusCode,
            Outcome = r.Outcome,
            Reason = r.Reason,
            EventId = r.EventId,
        };
    }
}
