namespace Hookline.Core.Inbound;

/// <summary>
/// A normalized customer event (seed 000): what a source's mapping made of one request. It is
/// published into the source's app as a message of <see cref="EventType"/> whose payload is this event.
/// </summary>
public sealed record InboundEvent
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string SourceId { get; init; }
    public string? CustomerId { get; init; }
    public required string EventType { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>Raw JSON of the value (a number), or null.</summary>
    public string? Value { get; init; }
    /// <summary>Raw JSON object.</summary>
    public string Metadata { get; init; } = "{}";
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string MessageId { get; init; }
    /// <summary>The sender's id of this event, when the source de-duplicates.</summary>
    public string? DedupeKey { get; init; }

    public const string IdPrefix = "evt";
}

public sealed record InboundEventQuery(
    string? CustomerId = null, string? EventType = null, string? SourceId = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
