using System.Globalization;
using Hookline.Core.Deliveries;
using Hookline.Core.Messages;

namespace Hookline.Core.Exports;

/// <summary>The flattened columns of each resource, in order; CSV headers and JSON property names alike.</summary>
public static class ExportColumns
{
    public static readonly IReadOnlyList<string> Messages =
        ["id", "app_id", "event_type", "event_id", "channels", "created_at", "payload_pruned", "payload"];

    public static readonly IReadOnlyList<string> Deliveries =
        ["id", "message_id", "app_id", "endpoint_id", "event_type", "status", "attempt_count", "next_attempt_at", "last_status_code", "last_error", "created_at", "updated_at"];

    /// <summary>A message's values as text; null for an empty cell. The payload is its raw JSON.</summary>
    public static string?[] Values(Message m) =>
    [
        m.Id, m.AppId, m.EventType, m.EventId, string.Join(';', m.Channels), Time(m.CreatedAt),
        m.PayloadPrunedAt is null ? "false" : "true", m.PayloadPrunedAt is null ? m.Payload : null,
    ];

    public static string?[] Values(Delivery d) =>
    [
        d.Id, d.MessageId, d.AppId, d.EndpointId, d.EventType, d.Status.ToWire(),
        d.AttemptCount.ToString(CultureInfo.InvariantCulture),
        d.Status is DeliveryStatus.Pending or DeliveryStatus.Failed ? Time(d.NextAttemptAt) : null,
        d.LastStatusCode?.ToString(CultureInfo.InvariantCulture), d.LastError, Time(d.CreatedAt), Time(d.UpdatedAt),
    ];

    public static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
