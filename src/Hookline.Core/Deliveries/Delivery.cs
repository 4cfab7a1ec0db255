namespace Hookline.Core.Deliveries;

public static class SkipReasons
{
    /// <summary>The endpoint's payload filter did not accept the message.</summary>
    public const string Filter = "filter";
}

/// <summary>One message on its way to one endpoint.</summary>
public sealed record Delivery
{
    public required string Id { get; init; }
    public required string MessageId { get; init; }
    public required string AppId { get; init; }
    public required string EndpointId { get; init; }
    public required string EventType { get; init; }
    public DeliveryStatus Status { get; init; }
    public int AttemptCount { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    /// <summary>Why a <see cref="DeliveryStatus.Skipped"/> delivery was not sent (<see cref="SkipReasons"/>); null otherwise.</summary>
    public string? SkipReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
