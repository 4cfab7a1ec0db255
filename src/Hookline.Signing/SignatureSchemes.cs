namespace Hookline.Signing;

/// <summary>The names of the signature schemes an endpoint can use (<c>signature_scheme</c>).</summary>
public static class SignatureSchemes
{
    public const string StandardWebhooks = "standard-webhooks";
    public const string HmacSha256Hex = "hmac-sha256-hex";
    public const string HmacSha256Prefixed = "hmac-sha256-prefixed";
    public const string HmacSha1Prefixed = "hmac-sha1-prefixed";
    public const string Jwt = "jwt";
    public const string ApiKey = "api-key";
    public const string None = "none";
    public static readonly IReadOnlyList<string> All = [StandardWebhooks, HmacSha256Hex, HmacSha256Prefixed, HmacSha1Prefixed, Jwt, ApiKey, None];
}
