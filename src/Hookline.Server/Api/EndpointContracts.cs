using System.Text.Json;
using System.Text.Json.Serialization;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

/// <summary>
/// Body of endpoint create (where <c>url</c> is required) and PATCH (where only the fields sent
/// change, and an explicit null clears a field back to its default).
/// </summary>
public sealed record EndpointRequest
{
    public string? Url { get; init; }
    public string? Description { get; init; }
    public List<string>? EventTypes { get; init; }
    public List<string>? Channels { get; init; }
    public string? Kind { get; init; }
    public string? Envelope { get; init; }
    public string? Method { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public string? Secret { get; init; }
    public string? SignatureScheme { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public int? TimeoutSeconds { get; init; }
    public double? RateLimitPerSecond { get; init; }
    public int? MaxConcurrency { get; init; }
    public JsonElement? Filter { get; init; }
    public JsonElement? Transformation { get; init; }
    public string? FailoverUrl { get; init; }
    public bool? Ordered { get; init; }
    public string? Compression { get; init; }
    public Hookline.Core.Channels.NotificationOptions? Notification { get; init; }
    public bool? Disabled { get; init; }
    public Dictionary<string, string>? Metadata { get; init; }
}

public sealed record EndpointResponse
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public required IReadOnlyList<string> Channels { get; init; }
    public required string Kind { get; init; }
    /// <summary>The body shape: <c>standard</c>, <c>event</c>, <c>event_type</c> or <c>data</c>.</summary>
    public required string Envelope { get; init; }
    public required string Method { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public required string SignatureScheme { get; init; }
    public required RetryPolicy RetryPolicy { get; init; }
    public int TimeoutSeconds { get; init; }
    public double? RateLimitPerSecond { get; init; }
    public int? MaxConcurrency { get; init; }
    public JsonElement? Filter { get; init; }
    public JsonElement? Transformation { get; init; }
    public string? FailoverUrl { get; init; }
    public bool Ordered { get; init; }
    public string? Compression { get; init; }
    /// <summary>Options of a chat endpoint (<c>kind</c> discord, teams, slack); null means the defaults.</summary>
    public Hookline.Core.Channels.NotificationOptions? Notification { get; init; }
    public bool Disabled { get; init; }
    public string? DisabledReason { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Only in the answer to a single-endpoint read: the endpoint's circuit as this node sees it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CircuitResponse? Circuit { get; init; }

    /// <summary>What looks wrong but is not refused, e.g. a discord endpoint whose URL is not a Discord webhook URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>Only in the answer to create: the signing secret.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    public static EndpointResponse From(Endpoint e, string? secret = null) => new()
    {
        Id = e.Id,
        AppId = e.AppId,
        Url = e.Url,
        Description = e.Description,
        EventTypes = e.EventTypes,
        Channels = e.Channels,
        Kind = e.Kind,
        Envelope = e.Envelope,
        Method = e.Method,
        Headers = e.Headers,
        SignatureScheme = e.SignatureScheme,
        RetryPolicy = e.RetryPolicy ?? RetryPolicy.Default,
        TimeoutSeconds = e.TimeoutSeconds,
        RateLimitPerSecond = e.RateLimitPerSecond,
        MaxConcurrency = e.MaxConcurrency,
        Filter = Parse(e.Filter),
        Transformation = Parse(e.Transformation),
        FailoverUrl = e.FailoverUrl,
        Ordered = e.Ordered,
        Compression = e.Compression,
        Notification = e.Notification,
        Disabled = e.Disabled,
        DisabledReason = e.DisabledReason,
        Metadata = e.Metadata,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        Secret = secret,
        Warnings = NotificationRules.Warnings(e),
    };

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

public sealed record SecretResponse(string Secret);

public sealed record SecretRotateRequest(string? Secret = null, double? GracePeriodSeconds = null);

/// <param name="TestMessage">The text of the test event (<c>{"test": true, "message": …}</c>); a chat endpoint shows it as the message.</param>
public sealed record EndpointTestRequest(string? EventType = null, JsonElement? Payload = null, string? TestMessage = null);

public sealed record RecoverRequest(DateTimeOffset? Since, DateTimeOffset? Until = null);

public sealed record RequeueResponse(int Requeued);

public sealed record EndpointStatsResponse(long Pending, long Sending, long Succeeded, long Failed, long Dead, long Skipped, DateTimeOffset? LastAttemptAt, int? LastStatusCode,
    CircuitResponse Circuit);

/// <summary>
/// An endpoint's circuit on the node that answers: <c>closed</c>, <c>open</c> or <c>half-open</c>;
/// <c>unknown</c> on a node that runs no delivery engine. Circuits are held per node.
/// </summary>
public sealed record CircuitResponse(string State, DateTimeOffset? OpenedAt, DateTimeOffset? NextProbeAt)
{
    public static CircuitResponse For(ICircuitStates circuits, string endpointId)
    {
        if (circuits is NoCircuitStates)
        {
            return new("unknown", null, null);
        }
        return circuits.Find(endpointId) is { } c
            ? new(c.State switch { CircuitState.Open => "open", CircuitState.HalfOpen => "half-open", _ => "closed" }, c.OpenedAt, c.NextProbeAt)
            : new("closed", null, null);
    }
}
