namespace Hookline.Core.Deliveries;

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
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
