namespace Hookline.Core.Inbound;

/// <summary>
/// Where outside systems send events into an app: how their requests are verified, how their
/// fields map onto a <see cref="InboundEvent">normalized event</see>, and the limits that guard it.
/// Secrets are kept apart (<see cref="SourceSecret"/>), encrypted at rest.
/// </summary>
public sealed record Source
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public string? Uid { get; init; }
    /// <summary>A free label of the sending system, e.g. seed 000's <c>CDR</c>.</summary>
    public string? Type { get; init; }
    public SourceVerification Verification { get; init; } = new();
    /// <summary>Null: the events already use the normalized names (or the provider's defaults apply).</summary>
    public SourceMapping? Mapping { get; init; }
    /// <summary>Empty: any event type is accepted.</summary>
    public IReadOnlyList<string> AllowedEventTypes { get; init; } = [];
    public double? RateLimitPerSecond { get; init; }
    /// <summary>CIDRs a request must come from; empty: any address.</summary>
    public IReadOnlyList<string> IpAllowList { get; init; } = [];
    /// <summary>Null: the provider's default (GitHub, Stripe, Shopify, Standard Webhooks), or none.</summary>
    public SourceDedupe? Dedupe { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The key that makes names unique across the installation, whatever their case.</summary>
    public static string NameKey(string name) => name.Trim().ToUpperInvariant();
}

/// <summary>De-duplication of a source's requests: by a header (a provider's delivery id) or a path in the body.</summary>
public sealed record SourceDedupe(string? Header = null, string? Path = null);

/// <summary>A verification secret; during a rotation the old one stays valid until <see cref="ExpiresAt"/>.</summary>
public sealed record SourceSecret(string Value, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is not { } e || e > now;
}
