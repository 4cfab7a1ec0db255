using System.Security.Cryptography;

namespace Hookline.Core.Inbound.Verification;

/// <summary>Shopify: <c>X-Shopify-Hmac-Sha256: &lt;base64 HMAC-SHA256 of the body&gt;</c>, keyed by the app's client secret.</summary>
public sealed class ShopifyVerifier : ISourceVerifier
{
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";
    public const string TopicHeader = "X-Shopify-Topic";

    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        if (request.Header(SignatureHeader) is not { } header || Signatures.FromBase64(header.Trim()) is not { } signature)
        {
            return $"{SignatureHeader} is missing or not base64";
        }
        var expected = secrets.Select(s => Signatures.Hmac(HashAlgorithmName.SHA256, Signatures.Utf8(s), "", request.Body.Span)).ToList();
        return Signatures.AnyMatch([signature], expected) ? null : "no signature matches a current secret";
    }
}
