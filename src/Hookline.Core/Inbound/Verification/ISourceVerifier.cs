namespace Hookline.Core.Inbound.Verification;

/// <summary>One verification scheme. Checks every valid secret (rotation) and compares in constant time.</summary>
public interface ISourceVerifier
{
    /// <summary>Null when the request is genuine; otherwise why not, for the source's owner only.</summary>
    string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now);
}

public static class SourceVerifiers
{
    private static readonly Dictionary<string, ISourceVerifier> ByType = new(StringComparer.Ordinal)
    {
        [VerificationTypes.None] = new NoVerification(),
        [VerificationTypes.Hmac] = new HmacVerifier(),
        [VerificationTypes.GitHub] = new GitHubVerifier(),
        [VerificationTypes.Stripe] = new StripeVerifier(),
        [VerificationTypes.Shopify] = new ShopifyVerifier(),
        [VerificationTypes.StandardWebhooks] = new StandardWebhooksVerifier(),
        [VerificationTypes.ApiKey] = new ApiKeyVerifier(),
        [VerificationTypes.Basic] = new BasicAuthVerifier(),
    };

    public static ISourceVerifier For(string type) =>
        ByType.TryGetValue(type, out var verifier) ? verifier : throw new ArgumentOutOfRangeException(nameof(type), type, "unknown verification type");

    private sealed class NoVerification : ISourceVerifier
    {
        public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now) => null;
    }
}
