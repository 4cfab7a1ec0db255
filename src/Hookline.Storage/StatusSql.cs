using Hookline.Core.Deliveries;

namespace Hookline.Storage;

/// <summary>Delivery status names as SQL literals, taken from <see cref="DeliveryStatusNames"/> so the queries and the domain agree.</summary>
internal static class StatusSql
{
    public static readonly string Pending = Literal(DeliveryStatus.Pending);
    public static readonly string Sending = Literal(DeliveryStatus.Sending);
    public static readonly string Failed = Literal(DeliveryStatus.Failed);
    public static readonly string Skipped = Literal(DeliveryStatus.Skipped);

    /// <summary>Not final: still to be sent, being sent, or waiting for a retry.</summary>
    public static readonly string Unfinished = In(DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Failed);

    /// <summary>A parenthesised list for <c>status IN …</c>.</summary>
    public static string In(params DeliveryStatus[] statuses) => "(" + string.Join(", ", statuses.Select(Literal)) + ")";

    private static string Literal(DeliveryStatus status) => "'" + status.ToWire() + "'";
}
