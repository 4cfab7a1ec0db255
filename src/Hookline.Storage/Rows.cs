using Hookline.Core.Deliveries;
using Hookline.Core.Messages;

namespace Hookline.Storage;

internal sealed class MessageRow
{
    public const string Columns = "id, app_id, event_type, event_id, channels, payload, created_at, payload_pruned_at, trace_parent";

    public string Id { get; set; } = "";
    public string AppId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string? EventId { get; set; }
    public string Channels { get; set; } = "[]";
    public string Payload { get; set; } = "{}";
    public long CreatedAt { get; set; }
    public long? PayloadPrunedAt { get; set; }
    public string? TraceParent { get; set; }

    public Message ToMessage() => new()
    {
        Id = Id,
        AppId = AppId,
        EventType = EventType,
        EventId = EventId,
        Channels = StoreJson.Read<List<string>>(Channels),
        Payload = Payload,
        CreatedAt = Time.FromMs(CreatedAt),
        PayloadPrunedAt = Time.FromMs(PayloadPrunedAt),
        TraceParent = TraceParent,
    };

    public static MessageRow From(Message m) => new()
    {
        Id = m.Id,
        AppId = m.AppId,
        EventType = m.EventType,
        EventId = m.EventId,
        Channels = StoreJson.Write(m.Channels),
        Payload = m.Payload,
        CreatedAt = m.CreatedAt.ToMs(),
        PayloadPrunedAt = m.PayloadPrunedAt.ToMs(),
        TraceParent = m.TraceParent,
    };
}

internal sealed class DeliveryRow
{
    public const string Columns =
        "id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, next_attempt_at, due_at, last_status_code, last_error, created_at, updated_at, skip_reason";

    public string Id { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string AppId { get; set; } = "";
    public string EndpointId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string Status { get; set; } = "pending";
    public long AttemptCount { get; set; }
    public long RoundStart { get; set; }
    public string NextTrigger { get; set; } = AttemptTriggers.Scheduled;
    public long? NextAttemptAt { get; set; }
    public long? DueAt { get; set; }
    public long? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string? SkipReason { get; set; }

    public Delivery ToDelivery() => new()
    {
        Id = Id,
        MessageId = MessageId,
        AppId = AppId,
        EndpointId = EndpointId,
        EventType = EventType,
        Status = DeliveryStatusNames.TryParse(Status, out var s) ? s : throw new InvalidOperationException($"unknown status {Status}"),
        AttemptCount = (int)AttemptCount,
        NextAttemptAt = Time.FromMs(NextAttemptAt),
        LastStatusCode = (int?)LastStatusCode,
        LastError = LastError,
        SkipReason = SkipReason,
        CreatedAt = Time.FromMs(CreatedAt),
        UpdatedAt = Time.FromMs(UpdatedAt),
    };

    public static DeliveryRow From(Delivery d) => new()
    {
        Id = d.Id,
        MessageId = d.MessageId,
        AppId = d.AppId,
        EndpointId = d.EndpointId,
        EventType = d.EventType,
        Status = d.Status.ToWire(),
        AttemptCount = d.AttemptCount,
        NextAttemptAt = d.NextAttemptAt.ToMs(),
        // Only deliveries waiting to be sent are in the due index.
        DueAt = d.Status is DeliveryStatus.Pending or DeliveryStatus.Failed ? (d.NextAttemptAt ?? d.CreatedAt).ToMs() : null,
        LastStatusCode = d.LastStatusCode,
        LastError = d.LastError,
        SkipReason = d.SkipReason,
        CreatedAt = d.CreatedAt.ToMs(),
        UpdatedAt = d.UpdatedAt.ToMs(),
    };
}

internal sealed class AttemptRow
{
    public const string Columns = "id, delivery_id, attempt_number, started_at, duration_ms, url, status_code, response_body, error, error_class, attempt_trigger";

    public string Id { get; set; } = "";
    public string DeliveryId { get; set; } = "";
    public long AttemptNumber { get; set; }
    public long StartedAt { get; set; }
    public long DurationMs { get; set; }
    public string Url { get; set; } = "";
    public long? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? Error { get; set; }
    public string? ErrorClass { get; set; }
    public string AttemptTrigger { get; set; } = AttemptTriggers.Scheduled;

    public Attempt ToAttempt() => new()
    {
        Id = Id,
        DeliveryId = DeliveryId,
        AttemptNumber = (int)AttemptNumber,
        StartedAt = Time.FromMs(StartedAt),
        DurationMs = (int)DurationMs,
        Url = Url,
        StatusCode = (int?)StatusCode,
        ResponseBody = ResponseBody,
        Error = Error,
        ErrorClass = ErrorClass,
        Trigger = AttemptTrigger,
    };
}
