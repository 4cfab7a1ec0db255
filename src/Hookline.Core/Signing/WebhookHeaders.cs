namespace Hookline.Core.Signing;

public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
    public const string Event = "X-Webhook-Event";
    public const string DeliveryId = "X-Webhook-Delivery-Id";
    public const string Attempt = "X-Webhook-Attempt";
    public const string HmacSignature = "X-Webhook-Signature";
    public const string ApiKey = "X-API-Key";
    public const string Authorization = "Authorization";

    /// <summary>Headers an endpoint's custom headers may not set: the signature headers and hop-by-hop ones.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Id, Timestamp, Signature, Event, DeliveryId, Attempt, HmacSignature, ApiKey,
        "host", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "keep-alive",
        "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade", "user-agent",
    };
}
