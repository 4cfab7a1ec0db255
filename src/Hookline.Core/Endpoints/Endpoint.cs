using Hookline.Core.Retry;

namespace Hookline.Core.Endpoints;

/// <summary>A subscriber URL of an app, with everything that shapes how it is delivered to.</summary>
public sealed record Endpoint
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }
    /// <summary>Event types this endpoint wants; empty means all.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    /// <summary>Channels this endpoint listens on; empty means it ignores channels.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];
    public string Kind { get; init; } = EndpointKinds.Webhook;
    /// <summary>The body shape when nothing else renders it: one of <see cref="Content.EnvelopeKinds"/>.</summary>
    public string Envelope { get; init; } = Content.EnvelopeKinds.Standard;
    public string Method { get; init; } = "POST";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string SignatureScheme { get; init; } = SignatureSchemes.StandardWebhooks;
    public RetryPolicy? RetryPolicy { get; init; }
    public int TimeoutSeconds { get; init; } = 15;
    public double? RateLimitPerSecond { get; init; }
    public int? MaxConcurrency { get; init; }
    /// <summary>Raw JSON of the payload filter, when one is set.</summary>
    public string? Filter { get; init; }
    /// <summary>Raw JSON of the transformation, when one is set.</summary>
    public string? Transformation { get; init; }
    public string? FailoverUrl { get; init; }
    public bool Ordered { get; init; }
    /// <summary>How request bodies are compressed on the wire: null (not at all) or <see cref="EndpointCompressions.Gzip"/>.</summary>
    public string? Compression { get; init; }
    /// <summary>How a chat endpoint (<see cref="Kind"/> discord, teams, slack) presents messages; null means the defaults.</summary>
    public Channels.NotificationOptions? Notification { get; init; }
    public bool Disabled { get; init; }
    public string? DisabledReason { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether a message of this event type on these channels goes to this endpoint.</summary>
    public bool Matches(string eventType, IReadOnlyList<string> messageChannels)
    {
        if (EventTypes.Count > 0 && !EventTypes.Contains(eventType, StringComparer.Ordinal))
        {
            return false;
        }
        if (Channels.Count > 0)
        {
            return messageChannels.Any(c => Channels.Contains(c, StringComparer.Ordinal));
        }
        return true;
    }
}

public static class EndpointKinds
{
    public const string Webhook = "webhook";
    public const string Discord = "discord";
    public const string Teams = "teams";
    public const string Slack = "slack";
    public static readonly IReadOnlyList<string> All = [Webhook, Discord, Teams, Slack];
}

public static class EndpointCompressions
{
    public const string Gzip = "gzip";
    public static readonly IReadOnlyList<string> All = [Gzip];
}

public static class SignatureSchemes
{
    public const string StandardWebhooks = "standard-webhooks";
    public const string HmacSha256Hex = "hmac-sha256-hex";
    public const string HmacSha256Prefixed = "hmac-sha256-prefixed";
    public const string HmacSha1Prefixed = "hmac-sha1-prefixed";
    public const string Jwt = "jwt";
    public const string ApiKey = "api-key";
    public const string None = "none";
    public static readonly IReadOnlyList<string> All = [StandardWebhooks, HmacSha256Hex, HmacSha256Prefixed, HmacSha1Prefixed, Jwt, ApiKey, None];
}
