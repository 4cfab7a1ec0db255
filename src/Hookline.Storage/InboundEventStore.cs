using System.Data.Common;
using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Inbound;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class InboundEventStore(Db db, AppEndpointCache endpoints) : IInboundEventStore
{
    private const string EventColumns = "id, app_id, source_id, customer_id, event_type, event_time, event_value, metadata, received_at, message_id, dedupe_key";
    private const string RequestColumns = "id, source_id, received_at, method, path, remote_address, headers, body, body_truncated, status_code, outcome, reason, event_id";

    public Task<InboundWriteResult> WriteAsync(InboundEvent inboundEvent, Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut,
        InboundRequestRecord request, CancellationToken ct = default) =>
        db.GroupWriteAsync(async (c, t, group) =>
        {
            var published = await MessageStore.WriteAsync(c, t, group, endpoints, message, fanOut).ConfigureAwait(false);
            var written = inboundEvent;
            var logged = request;
            if (published.Duplicate)
            {
                // The repeat's message is the first one: its event is the answer, and nothing new is written but the log line.
                written = (await c.QueryFirstOrDefaultAsync<EventRow>(
                    $"SELECT {EventColumns} FROM inbound_events WHERE message_id = @id", new { id = published.Message.Id }, t).ConfigureAwait(false))?.ToEvent()
                    ?? throw new InvalidOperationException($"message {published.Message.Id} has no inbound event");
                logged = request with { Outcome = InboundOutcomes.Duplicate, Reason = "a repeat of an event already received", EventId = written.Id };
            }
            else
            {
                await c.ExecuteAsync(
                    $"INSERT INTO inbound_events ({EventColumns}) VALUES (@Id, @AppId, @SourceId, @CustomerId, @EventType, @EventTime, @EventValue, @Metadata, @ReceivedAt, @MessageId, @DedupeKey)",
                    EventRow.From(inboundEvent), t).ConfigureAwait(false);
            }
            await RecordAsync(c, t, logged).ConfigureAwait(false);
            return new InboundWriteResult(written, published);
        }, ct);

    public Task RecordRefusalAsync(InboundRequestRecord request, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => RecordAsync(c, t, request), ct);

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

    private static async Task RecordAsync(DbConnection c, DbTransaction t, InboundRequestRecord request)
    {
        await c.ExecuteAsync(
            $"INSERT INTO inbound_requests ({RequestColumns}) VALUES (@Id, @SourceId, @ReceivedAt, @Method, @Path, @RemoteAddress, @Headers, @Body, @BodyTruncated, @StatusCode, @Outcome, @Reason, @EventId)",
            RequestRow.From(request), t).ConfigureAwait(false);
        await c.ExecuteAsync(
            "INSERT INTO source_counters (source_id, outcome, requests) VALUES (@sourceId, @outcome, 1) " +
            "ON CONFLICT (source_id, outcome) DO UPDATE SET requests = source_counters.requests + 1",
            new { sourceId = request.SourceId, outcome = request.Outcome }, t).ConfigureAwait(false);
    }

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
