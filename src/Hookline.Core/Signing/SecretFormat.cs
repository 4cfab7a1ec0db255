using System.Security.Cryptography;
using System.Text;
using Hookline.Core.Endpoints;

namespace Hookline.Core.Signing;

/// <summary>The <c>whsec_</c> secret format of Standard Webhooks and the key bytes each scheme uses.</summary>
public static class SecretFormat
{
    public const string Prefix = "whsec_";
    public const int GeneratedBytes = 24;
    public const int MinLength = 16;
    public const int MaxLength = 256;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Standard Webhooks key: the base64-decoded part after <c>whsec_</c>; a secret without the prefix is used as raw UTF-8.</summary>
    public static byte[] StandardWebhooksKey(string secret)
    {
        if (secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var encoded = secret[Prefix.Length..];
            var buffer = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, buffer, out var written))
            {
                return buffer[..written];
            }
        }
        return Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Key of the plain HMAC schemes and JWT: the secret string's UTF-8 bytes.</summary>
    public static byte[] Utf8Key(string secret) => Encoding.UTF8.GetBytes(secret);

    /// <summary>
    /// Whether a user-supplied secret suits <paramref name="scheme"/>: Standard Webhooks needs a
    /// <c>whsec_</c> secret (base64 of at least 16 bytes after the prefix); every other scheme uses
    /// the secret's UTF-8 bytes, so any 16–256 printable ASCII characters do. Null when it is fine.
    /// </summary>
    public static string? Validate(string secret, string scheme)
    {
        if (secret.Length is < MinLength or > MaxLength)
        {
            return $"must be {MinLength} to {MaxLength} characters long";
        }
        if (secret.Any(c => c is < '!' or > '~'))
        {
            return "must be printable ASCII characters without spaces";
        }
        if (scheme != SignatureSchemes.StandardWebhooks)
        {
            return null;
        }
        var buffer = new byte[secret.Length];
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || !Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var written) || written < 16)
        {
            return "standard-webhooks needs 'whsec_' followed by base64 of at least 16 bytes (leave it out to have one generated)";
        }
        return null;
    }
}
