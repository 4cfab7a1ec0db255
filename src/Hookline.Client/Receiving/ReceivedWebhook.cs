using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hookline.Client.Receiving;

/// <summary>A verified webhook, as the receiver handler sees it.</summary>
public sealed class ReceivedWebhook
{
    internal ReceivedWebhook(byte[] body, Func<string, string?> header)
    {
        Body = body;
        Id = header("webhook-id");
        EventType = header("X-Webhook-Event");
        DeliveryId = header("X-Webhook-Delivery-Id");
        Attempt = int.TryParse(header("X-Webhook-Attempt"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : null;
        Timestamp = long.TryParse(header("webhook-timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var ts) && ts < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(ts)
            : null;
    }

    /// <summary>The message id (<c>webhook-id</c>): the same on every retry.</summary>
    public string? Id { get; }

    public string? EventType { get; }

    /// <summary>The delivery id (<c>X-Webhook-Delivery-Id</c>, <c>dlv_…</c>): one per message and endpoint.</summary>
    public string? DeliveryId { get; }

    public int? Attempt { get; }

    public DateTimeOffset? Timestamp { get; }

    /// <summary>The body exactly as signed.</summary>
    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body read as JSON (the envelope, or whatever the endpoint's transformation made).</summary>
    public JsonDocument ParseJson() => JsonDocument.Parse(Body);

    /// <summary>The body deserialized (snake_case names).</summary>
    public T? Deserialize<T>() => JsonSerializer.Deserialize<T>(Body, ApiConnection.Json);
}
