namespace Hookline.Core.Inbound.Mapping;

/// <summary>The normalized fields a mapping read from one request.</summary>
public sealed record MappedEvent(string? CustomerId, string EventType, DateTimeOffset Timestamp, string? Value, string Metadata, string? DedupeKey);
