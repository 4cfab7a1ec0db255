using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Messages;

namespace Hookline.Server.Api;

public sealed record PublishRequest(string? EventType, JsonElement? Payload, string? EventId = null, List<string>? Channels = null);

public sealed record PublishResponse(string Id, string EventType, string? EventId, IReadOnlyList<string> Channels, DateTimeOffset CreatedAt, int Deliveries);

public sealed record MessageResponse(string Id, string EventType, string? EventId, IReadOnlyList<string> Channels, JsonElement Payload, DateTimeOffset CreatedAt)
{
    public static MessageResponse From(Message m) =>
        new(m.Id, m.EventType, m.EventId, m.Channels, JsonDocument.Parse(m.Payload).RootElement.Clone(), m.CreatedAt);
}

public sealed record DeliveryResponse(
    string Id, string MessageId, string EndpointId, string EventType, string Status, int AttemptCount,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? SkipReason = null)
{
    public static DeliveryResponse From(Delivery d) => new(
        d.Id, d.MessageId, d.EndpointId, d.EventType, d.Status.ToWire(), d.AttemptCount,
        d.Status is DeliveryStatus.Pending or DeliveryStatus.Failed ? d.NextAttemptAt : null,
        d.LastStatusCode, d.LastError, d.CreatedAt, d.UpdatedAt, d.SkipReason);
}

public sealed record AttemptResponse(
    string Id, int AttemptNumber, DateTimeOffset StartedAt, int DurationMs, string Url, int? StatusCode,
    string? ResponseBody, string? Error, string? ErrorClass, string Trigger)
{
    public static AttemptResponse From(Attempt a) =>
        new(a.Id, a.AttemptNumber, a.StartedAt, a.DurationMs, a.Url, a.StatusCode, a.ResponseBody, a.Error, a.ErrorClass, a.Trigger);
}

public sealed record DeliveryDetailResponse(DeliveryResponse Delivery, IReadOnlyList<AttemptResponse> Attempts);

public sealed record ReplayRequest(string? EndpointId = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);

public sealed record TestSendResponse(string MessageId, string DeliveryId);
