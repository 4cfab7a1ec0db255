using System.Text.Json;

namespace Hookline.Client.Models;

/// <summary>An inbound source: where a sender posts (<see cref="IngestUrl"/>), how it is verified and how its fields map.</summary>
public sealed record Source
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public string? Uid { get; init; }
    /// <summary>The sender's kind (github, stripe, ...), when given.</summary>
    public string? Type { get; init; }
    public required SourceVerification Verification { get; init; }
    public SourceMapping? Mapping { get; init; }
    public IReadOnlyList<string> AllowedEventTypes { get; init; } = [];
    public double? RateLimitPerSecond { get; init; }
    public IReadOnlyList<string> IpAllowList { get; init; } = [];
    public SourceDedupe? Dedupe { get; init; }
    public required string IngestUrl { get; init; }
    /// <summary>Requests by outcome; only on a single-source read.</summary>
    public IReadOnlyDictionary<string, long>? Counters { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// How a source checks what it receives. <see cref="Type"/>: none, hmac, github, stripe, shopify,
/// standard-webhooks, api-key or basic. <see cref="Secret"/> is only filled in the answer that made it.
/// </summary>
public sealed record SourceVerification
{
    public string? Type { get; init; }
    public string? Secret { get; init; }
    public string? Header { get; init; }
    /// <summary>hmac: sha256, sha1 or sha512.</summary>
    public string? Algorithm { get; init; }
    /// <summary>hmac: hex or base64.</summary>
    public string? Encoding { get; init; }
    public string? Prefix { get; init; }
    public string? TimestampHeader { get; init; }
    /// <summary>hmac: what is signed, e.g. <c>{timestamp}.{body}</c>.</summary>
    public string? SignedPayload { get; init; }
    public int? ToleranceSeconds { get; init; }
    /// <summary>basic: the user name.</summary>
    public string? Username { get; init; }
}

/// <summary>Where the normalized fields are in the sender's body: dotted paths (<c>data.items[0].sku</c>) or <c>header:Name</c>.</summary>
public sealed record SourceMapping
{
    public string? CustomerIdField { get; init; }
    public string? EventTypeField { get; init; }
    /// <summary>A constant event type, for senders that send one kind of event.</summary>
    public string? EventType { get; init; }
    public string? TimestampField { get; init; }
    public string? ValueField { get; init; }
    public IReadOnlyDictionary<string, string>? MetadataFields { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Constants { get; init; }
}

/// <summary>What makes two requests the same event: a header's value or a body path's.</summary>
public sealed record SourceDedupe(string? Header = null, string? Path = null);

/// <summary>A source's fields to create it, or to change (null ones stay as they are).</summary>
public sealed record SourceOptions
{
    public string? Name { get; init; }
    public string? Uid { get; init; }
    public string? Type { get; init; }
    public SourceVerification? Verification { get; init; }
    public SourceMapping? Mapping { get; init; }
    public IReadOnlyList<string>? AllowedEventTypes { get; init; }
    public double? RateLimitPerSecond { get; init; }
    public IReadOnlyList<string>? IpAllowList { get; init; }
    public SourceDedupe? Dedupe { get; init; }
}

public sealed record SourceSecret(string Secret);

/// <summary>One request a source received, accepted or refused, with why (headers without secrets).</summary>
public sealed record InboundRequest(
    string Id, DateTimeOffset ReceivedAt, string Method, string Path, string? RemoteAddress, IReadOnlyDictionary<string, string> Headers,
    string Body, bool BodyTruncated, int StatusCode, string Outcome, string? Reason, string? EventId);

/// <summary>A normalized inbound event, published into the app as message <see cref="MessageId"/>.</summary>
public sealed record InboundEvent(
    string Id, string SourceId, string? CustomerId, string EventType, DateTimeOffset Timestamp, JsonElement? Value, JsonElement Metadata,
    DateTimeOffset ReceivedAt, string MessageId);

/// <summary>Filters of the inbound event list; <see cref="Since"/> and <see cref="Until"/> apply to the event's timestamp.</summary>
public sealed record InboundEventFilter(string? CustomerId = null, string? EventType = null, string? SourceId = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null);
