namespace Hookline.Core.Deliveries;

/// <summary>The state a delivery moves to after an attempt; <see cref="NextAttemptAt"/> is set only for <c>failed</c>.</summary>
public sealed record DeliveryDecision(DeliveryStatus Status, DateTimeOffset? NextAttemptAt)
{
    public static DeliveryDecision Succeeded { get; } = new(DeliveryStatus.Succeeded, null);
    public static DeliveryDecision Dead { get; } = new(DeliveryStatus.Dead, null);
}
