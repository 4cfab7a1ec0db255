using System.Text.Json;

namespace Hookline.Client.Models;

public sealed record Endpoint
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Url { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    public IReadOnlyList<string> Channels { get; init; } = [];
    public string Kind { get; init; } = "webhook";
    public string Method { get; init; } = "POST";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string SignatureScheme { get; init; } = "standard-webhooks";
    public RetryPolicy? RetryPolicy { get; init; }
    public int TimeoutSeconds { get; init; }
    public double? RateLimitPerSecond { get; init; }
    public int? MaxConcurrency { get; init; }
    public JsonElement? Filter { get; init; }
    public JsonElement? Transformation { get; init; }
    public string? FailoverUrl { get; init; }
    public bool Ordered { get; init; }
    public string? Compression { get; init; }
    public bool Disabled { get; init; }
    public string? DisabledReason { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Only on a single-endpoint read.</summary>
    public Circuit? Circuit { get; init; }
    /// <summary>Only in the answer to create: what a receiver verifies with (the <c>whpk_</c> public key for ed25519).</summary>
    public string? Secret { get; init; }
}

public sealed record RetryPolicy
{
    public IReadOnlyList<double>? ScheduleSeconds { get; init; }
    public int? MaxAttempts { get; init; }
    public double? InitialDelaySeconds { get; init; }
    public double? BackoffMultiplier { get; init; }
    public double? MaxDelaySeconds { get; init; }
    public double? Jitter { get; init; }
    public IReadOnlyList<int>? RetryOnStatusCodes { get; init; }
}

public sealed record Circuit(string State, DateTimeOffset? OpenedAt, DateTimeOffset? NextProbeAt);

/// <summary>Endpoint fields for create (<see cref="Url"/> required) and update (only the non-null ones change).</summary>
public sealed record EndpointOptions
{
    public string? Url { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }
    public IReadOnlyList<string>? Channels { get; init; }
    public string? Kind { get; init; }
    public string? Method { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    /// <summary>Only on create; change it with a rotation.</summary>
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
    public bool? Disabled { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>What a receiver verifies with: the shared secret, or the <c>whpk_</c> public key (also in <see cref="PublicKey"/>) for ed25519.</summary>
public sealed record EndpointSecret(string Secret, string? PublicKey = null);

public sealed record SecretRotation(string Secret, DateTimeOffset PreviousExpiresAt, DateTimeOffset NewSecretSignsFrom, string? PublicKey = null);

public sealed record EndpointStats(long Pending, long Sending, long Succeeded, long Failed, long Dead, long Skipped, DateTimeOffset? LastAttemptAt, int? LastStatusCode,
    Circuit Circuit);

public sealed record TestSend(string MessageId, string DeliveryId);

public sealed record RequeueResult(int Requeued);
