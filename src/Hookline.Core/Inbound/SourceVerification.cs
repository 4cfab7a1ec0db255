namespace Hookline.Core.Inbound;

/// <summary>
/// How a source checks that a request is genuine. Only the fields of its <see cref="Type"/> matter;
/// the secret itself is not here but in the source's encrypted secrets.
/// </summary>
public sealed record SourceVerification
{
    public string Type { get; init; } = VerificationTypes.None;
    /// <summary>hmac: the signature header; api-key: the key header (default <c>X-API-Key</c>).</summary>
    public string? Header { get; init; }
    /// <summary>hmac: sha256 (default), sha1 or sha512.</summary>
    public string? Algorithm { get; init; }
    /// <summary>hmac: hex (default) or base64.</summary>
    public string? Encoding { get; init; }
    /// <summary>hmac: text before the signature in the header, e.g. <c>sha256=</c>.</summary>
    public string? Prefix { get; init; }
    /// <summary>hmac: header carrying the unix time the sender signed at; turns on the tolerance check.</summary>
    public string? TimestampHeader { get; init; }
    /// <summary>hmac: what is signed, with <c>{body}</c> and <c>{timestamp}</c> placeholders (default <c>{body}</c>, or <c>{timestamp}.{body}</c> with a timestamp header).</summary>
    public string? SignedPayload { get; init; }
    /// <summary>Largest age (either way) of a signed timestamp; default 300 s.</summary>
    public int? ToleranceSeconds { get; init; }
    /// <summary>basic: the user name; the password is the secret.</summary>
    public string? Username { get; init; }

    public TimeSpan Tolerance => TimeSpan.FromSeconds(ToleranceSeconds ?? VerificationTypes.DefaultToleranceSeconds);
}

public static class VerificationTypes
{
    public const string None = "none";
    public const string Hmac = "hmac";
    public const string GitHub = "github";
    public const string Stripe = "stripe";
    public const string Shopify = "shopify";
    public const string StandardWebhooks = "standard-webhooks";
    public const string ApiKey = "api-key";
    public const string Basic = "basic";
    public const int DefaultToleranceSeconds = 300;
    public const string DefaultApiKeyHeader = "X-API-Key";

    public static readonly IReadOnlyList<string> All = [None, Hmac, GitHub, Stripe, Shopify, StandardWebhooks, ApiKey, Basic];

    public static bool UsesSecret(string type) => type != None;
}
