using Hookline.Core.Inbound.Verification;
using Hookline.Core.Signing;

namespace Hookline.Core.Inbound.Mapping;

/// <summary>
/// What a provider's source reads when its mapping or de-duplication leaves a field unset: where the
/// provider puts the event type, time, customer and its delivery id. Sources of other types use the
/// normalized names themselves (seed 000).
/// </summary>
public sealed record ProviderDefaults(string? CustomerId, string EventType, string? Timestamp, SourceDedupe? Dedupe, bool CustomerRequired)
{
    public static readonly ProviderDefaults Normalized = new("customer_id", "event_type", "timestamp", null, CustomerRequired: true);

    public static ProviderDefaults For(string verificationType) => verificationType switch
    {
        VerificationTypes.GitHub => new("sender.login", FieldPath.HeaderPrefix + GitHubVerifier.EventHeader, null,
            new SourceDedupe(Header: GitHubVerifier.DeliveryHeader), CustomerRequired: false),
        VerificationTypes.Stripe => new("data.object.customer", "type", "created", new SourceDedupe(Path: "id"), CustomerRequired: false),
        VerificationTypes.Shopify => new("customer.id", FieldPath.HeaderPrefix + ShopifyVerifier.TopicHeader, null,
            new SourceDedupe(Header: ShopifyVerifier.WebhookIdHeader), CustomerRequired: false),
        VerificationTypes.StandardWebhooks => new("data.customer_id", "type", "timestamp", new SourceDedupe(Header: WebhookHeaders.Id), CustomerRequired: false),
        _ => Normalized,
    };
}
