namespace Hookline.Core.Deliveries;

/// <summary>
/// The life of a delivery, written down in one place:
/// <code>
/// pending ──claim──▶ sending ──2xx──▶ succeeded
///    ▲                  │
///    │                  ├─error, attempts left──▶ failed ──due──▶ sending …
///    │                  └─error, none left──────▶ dead
///    └──retry / replay / recover (manual)── failed | dead
/// pending ──filtered out──▶ skipped
/// </code>
/// A lease that expires in <c>sending</c> puts the delivery back in the claimable set without
/// spending an attempt, so a crash costs at most a duplicate, never a loss.
/// </summary>
public enum DeliveryStatus
{
    Pending,
    Sending,
    Succeeded,
    Failed,
    Dead,
    Skipped,
}

public static class DeliveryStatusNames
{
    public static string ToWire(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sending => "sending",
        DeliveryStatus.Succeeded => "succeeded",
        DeliveryStatus.Failed => "failed",
        DeliveryStatus.Dead => "dead",
        DeliveryStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? value, out DeliveryStatus status)
    {
        foreach (var candidate in Enum.GetValues<DeliveryStatus>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static bool IsFinal(this DeliveryStatus status) =>
        status is DeliveryStatus.Succeeded or DeliveryStatus.Dead or DeliveryStatus.Skipped;
}
