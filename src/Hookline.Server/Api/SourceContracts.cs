using System.Text.Json;
using Hookline.Core.Inbound;
using Hookline.Core.Inbound.Mapping;

namespace Hookline.Server.Api;

public sealed record VerificationResponse(
    string Type, string? Header, string? Algorithm, string? Encoding, string? Prefix, string? TimestampHeader, string? SignedPayload,
    int? ToleranceSeconds, string? Username, string? Secret)
{
    public static VerificationResponse From(SourceVerification v, string? secret) =>
        new(v.Type, v.Header ?? (v.Type == VerificationTypes.ApiKey ? VerificationTypes.DefaultApiKeyHeader : null),
            v.Type == VerificationTypes.Hmac ? v.Algorithm ?? "sha256" : null, v.Type == VerificationTypes.Hmac ? v.Encoding ?? "hex" : null,
            v.Prefix, v.TimestampHeader, v.SignedPayload, v.ToleranceSeconds, v.Username, secret);
}

/// <summary>A source; <c>verification.secret</c> is only ever filled in the answer that made the secret.</summary>
public sealed record SourceResponse(
    string Id, string AppId, string Name, string? Uid, string? Type, VerificationResponse Verification, SourceMapping? Mapping,
    IReadOnlyList<string> AllowedEventTypes, double? RateLimitPerSecond, IReadOnlyList<string> IpAllowList, SourceDedupe? Dedupe,
    string IngestUrl, IReadOnlyDictionary<string, long>? Counters, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SourceResponse From(Source s, string baseUrl, string? secret = null, IReadOnlyDictionary<string, long>? counters = null) => new(
        s.Id, s.AppId, s.Name, s.Uid, s.Type, VerificationResponse.From(s.Verification, secret), s.Mapping, s.AllowedEventTypes,
        s.RateLimitPerSecond, s.IpAllowList, s.Dedupe ?? ProviderDefaults.For(s.Verification.Type).Dedupe,
        UrlFor(baseUrl, s.Id), counters, s.CreatedAt, s.UpdatedAt);

    public static string UrlFor(string baseUrl, string sourceId) => baseUrl.TrimEnd('/') + "/in/" + sourceId;
}

public sealed record SourceSecretRotateRequest(string? Secret = null, int? GracePeriodSeconds = null);

public sealed record SourceSecretResponse(string Secret);

public sealed record InboundRequestResponse(
    string Id, DateTimeOffset ReceivedAt, string Method, string Path, string? RemoteAddress, IReadOnlyDictionary<string, string> Headers,
    string Body, bool BodyTruncated, int StatusCode, string Outcome, string? Reason, string? EventId)
{
    public static InboundRequestResponse From(InboundRequestRecord r) =>
        new(r.Id, r.ReceivedAt, r.Method, r.Path, r.RemoteAddress, r.Headers, r.Body, r.BodyTruncated, r.StatusCode, r.Outcome, r.Reason, r.EventId);
}

/// <summary>A normalized event, in the shape its message carries as payload.</summary>
public sealed record InboundEventResponse(
    string Id, string SourceId, string? CustomerId, string EventType, string Timestamp, JsonElement? Value, JsonElement Metadata,
    string ReceivedAt, string MessageId)
{
    public static InboundEventResponse From(InboundEvent e) => new(
        e.Id, e.SourceId, e.CustomerId, e.EventType, TimestampReader.Format(e.Timestamp),
        e.Value is null ? null : JsonDocument.Parse(e.Value).RootElement.Clone(), JsonDocument.Parse(e.Metadata).RootElement.Clone(),
        TimestampReader.Format(e.ReceivedAt), e.MessageId);
}

/// <summary>Seed 000's success answer, plus the message the event was published as.</summary>
public sealed record IntakeResponse(string Status, string EventId, string? CustomerId, string EventType, string Timestamp, string MessageId, bool Duplicate)
{
    public static IntakeResponse From(IntakeResult r) =>
        new("success", r.Event.Id, r.Event.CustomerId, r.Event.EventType, TimestampReader.Format(r.Event.Timestamp), r.Event.MessageId, r.Duplicate);
}

public sealed record IntakeInfoResponse(
    string IngestUrl, string SourceIngestUrl, string Method, string ContentType, JsonElement Body, IReadOnlyList<string> VerificationTypes,
    IReadOnlyDictionary<string, int> Responses);
