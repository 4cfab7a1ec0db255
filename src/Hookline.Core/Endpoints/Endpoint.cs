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
    public string Method { get; init; } = EndpointLimits.DefaultMethod;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string SignatureScheme { get; init; } = SignatureSchemes.StandardWebhooks;
    public RetryPolicy? RetryPolicy { get; init; }
    public int TimeoutSeconds { get; init; } = EndpointLimits.DefaultTimeoutSeconds;
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
    /// <summary>Whether requests carry the attempt span's W3C <c>traceparent</c>, so the receiver's trace joins Hookline's.</summary>
    public bool PropagateTrace { get; init; }
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

/// <summary>The bounds of an endpoint's settings, named once for the API, the docs and the engine.</summary>
public static class EndpointLimits
{
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 60;
    public const int DefaultTimeoutSeconds = 15;
    public const string DefaultMethod = "POST";

    /// <summary>The slowest rate limit: one request a minute. Slower ones would make waits no lease can hold.</summary>
    public const double MinRatePerSecond = 1.0 / 60;
    public const double MaxRatePerSecond = 100_000;
    public const double MinRatePerMinute = 1;
    public const double MaxRatePerMinute = MaxRatePerSecond * 60;

    /// <summary>
    /// The endpoint's rate limit as the engine applies it: null when it has none, or one no rate
    /// window can hold (validation refuses those; a stored one must not stop the engine).
    /// </summary>
    public static double? RateOf(Endpoint endpoint) =>
        endpoint.RateLimitPerSecond is { } rate && double.IsFinite(rate) && rate > 0 ? rate : null;
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
