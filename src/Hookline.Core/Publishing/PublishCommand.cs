using System.Text.Json;

namespace Hookline.Core.Publishing;

/// <summary>What a caller asks to publish: the API, a test send, an operational event, an inbound source.</summary>
public sealed record PublishCommand
{
    public required string AppId { get; init; }
    public required string EventType { get; init; }
    /// <summary>The event's data: a JSON object, copied byte for byte into the message.</summary>
    public required JsonElement Payload { get; init; }
    /// <summary>The publisher's own id of the event; a repeat in the same app publishes nothing new.</summary>
    public string? EventId { get; init; }
    public IReadOnlyList<string> Channels { get; init; } = [];
    /// <summary>
    /// Deliver to this endpoint alone, whatever its event types, channels and filter say (a test
    /// send). Null fans the message out to every matching endpoint.
    /// </summary>
    public string? OnlyEndpointId { get; init; }
}
