using System.Text.Json;

namespace Hookline.Client.Models;

/// <param name="PayloadPruned">True once retention emptied the payload (<see cref="Payload"/> is then JSON null); the metadata stays.</param>
public sealed record Message(string Id, string EventType, string? EventId, IReadOnlyList<string> Channels, JsonElement Payload, DateTimeOffset CreatedAt,
    bool PayloadPruned = false, DateTimeOffset? PayloadPrunedAt = null);

/// <summary>The answer to a publish (202): the message id and how many deliveries it fanned out to.</summary>
public sealed record Published(string Id, string EventType, string? EventId, IReadOnlyList<string> Channels, DateTimeOffset CreatedAt, int Deliveries);

public sealed record Delivery(
    string Id, string MessageId, string EndpointId, string EventType, string Status, int AttemptCount,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record Attempt(
    string Id, int AttemptNumber, DateTimeOffset StartedAt, int DurationMs, string Url, int? StatusCode,
    string? ResponseBody, string? Error, string? ErrorClass, string Trigger);

public sealed record DeliveryDetail(Delivery Delivery, IReadOnlyList<Attempt> Attempts);

/// <summary>Filters of the delivery list; null ones are not applied.</summary>
public sealed record DeliveryFilter(string? Status = null, string? EndpointId = null, string? EventType = null, string? MessageId = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null);

public sealed record ApiKey(string Id, string Name, string? AppId, string Hint, DateTimeOffset CreatedAt);

/// <summary>A new API key; <see cref="Key"/> is shown this once.</summary>
public sealed record ApiKeyCreated(string Id, string Name, string? AppId, string Key, DateTimeOffset CreatedAt);
