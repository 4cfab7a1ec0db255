using System.Text.Json;

namespace Hookline.Core.Inbound;

/// <summary>What a caller gives to create or change a source (section 6's request shape).</summary>
public sealed record SourceInput
{
    public string? Name { get; init; }
    public string? Uid { get; init; }
    public string? Type { get; init; }
    public VerificationInput? Verification { get; init; }
    public MappingInput? Mapping { get; init; }
    public IReadOnlyList<string>? AllowedEventTypes { get; init; }
    public double? RateLimitPerSecond { get; init; }
    public IReadOnlyList<string>? IpAllowList { get; init; }
    public SourceDedupe? Dedupe { get; init; }
}

public sealed record VerificationInput
{
    public string? Type { get; init; }
    public string? Secret { get; init; }
    public string? Header { get; init; }
    public string? Algorithm { get; init; }
    public string? Encoding { get; init; }
    public string? Prefix { get; init; }
    public string? TimestampHeader { get; init; }
    public string? SignedPayload { get; init; }
    public int? ToleranceSeconds { get; init; }
    public string? Username { get; init; }
}

public sealed record MappingInput
{
    public string? CustomerIdField { get; init; }
    public string? EventTypeField { get; init; }
    public string? EventType { get; init; }
    public string? TimestampField { get; init; }
    public string? ValueField { get; init; }
    public IReadOnlyDictionary<string, string>? MetadataFields { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Constants { get; init; }
}
