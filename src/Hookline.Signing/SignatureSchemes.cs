namespace Hookline.Signing;

/// <summary>The names of the signature schemes an endpoint can use (<c>signature_scheme</c>).</summary>
public static class SignatureSchemes
{
    public const string StandardWebhooks = "standard-webhooks";
    public const string StandardWebhooksEd25519 = "standard-webhooks-ed25519";
    public const string HmacSha256Hex = "hmac-sha256-hex";
    public const string HmacSha256Prefixed = "hmac-sha256-prefixed";
    public const string HmacSha1Prefixed = "hmac-sha1-prefixed";
    public const string Jwt = "jwt";
    public const string ApiKey = "api-key";
    public const string None = "none";
    public static readonly IReadOnlyList<string> All = [StandardWebhooks, StandardWebhooksEd25519, HmacSha256Hex, HmacSha256Prefixed, HmacSha1Prefixed, Jwt, ApiKey, None];

    /// <summary>
    /// Schemes where every active secret signs, side by side (a receiver accepts any): during a
    /// rotation the old and new secret both sign. The other schemes carry a single signature.
    /// </summary>
    public static bool SignsWithEverySecret(string scheme) => scheme is StandardWebhooks or StandardWebhooksEd25519;
}
