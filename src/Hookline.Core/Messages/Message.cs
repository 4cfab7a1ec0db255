namespace Hookline.Core.Messages;

/// <summary>A published event. <see cref="Payload"/> is the raw JSON object as the publisher sent it.</summary>
public sealed record Message
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string EventType { get; init; }
    public string? EventId { get; init; }
    public required string Payload { get; init; }
    public IReadOnlyList<string> Channels { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When retention removed the payload (<see cref="Payload"/> is then <c>null</c>); the metadata stays.</summary>
    public DateTimeOffset? PayloadPrunedAt { get; init; }
    /// <summary>The W3C <c>traceparent</c> of the publish span, so each attempt's span joins the publisher's trace; null without tracing.</summary>
    public string? TraceParent { get; init; }
}
