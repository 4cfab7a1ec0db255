using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hookline.Signing;

/// <summary>
/// Verifies a received webhook under any <see cref="SignatureSchemes">scheme</see> Hookline signs with.
/// Comparisons are constant-time; Standard Webhooks and JWT also check the timestamp against a tolerance.
/// </summary>
public sealed class WebhookVerifier(string scheme, string secret, TimeProvider? clock = null)
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public TimeSpan Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Throws <see cref="WebhookVerificationException"/> unless the request is authentic.</summary>
    public void Verify(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        switch (scheme)
        {
            case SignatureSchemes.None:
                return;
            case SignatureSchemes.StandardWebhooks:
                VerifyStandard(header, body, now);
                return;
            case SignatureSchemes.HmacSha256Hex:
                RequireEqual(header(WebhookHeaders.HmacSignature), WebhookSigner.HexHmac(HashAlgorithmName.SHA256, secret, body));
                return;
            case SignatureSchemes.HmacSha256Prefixed:
                RequireEqual(header(WebhookHeaders.HmacSignature), "sha256=" + WebhookSigner.HexHmac(HashAlgorithmName.SHA256, secret, body));
                return;
            case SignatureSchemes.HmacSha1Prefixed:
                RequireEqual(header(WebhookHeaders.HmacSignature), "sha1=" + WebhookSigner.HexHmac(HashAlgorithmName.SHA1, secret, body));
                return;
            case SignatureSchemes.ApiKey:
                RequireEqual(header(WebhookHeaders.ApiKey), secret);
                return;
            case SignatureSchemes.Jwt:
                VerifyJwt(header(WebhookHeaders.Authorization), body, now);
                return;
            default:
                throw new WebhookVerificationException($"unknown signature scheme '{scheme}'");
        }
    }

    public bool TryVerify(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        try
        {
            Verify(header, body);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    private void VerifyStandard(Func<string, string?> header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var id = header(WebhookHeaders.Id) ?? throw new WebhookVerificationException("missing webhook-id header");
        var timestampText = header(WebhookHeaders.Timestamp) ?? throw new WebhookVerificationException("missing webhook-timestamp header");
        var signatures = header(WebhookHeaders.Signature) ?? throw new WebhookVerificationException("missing webhook-signature header");
        if (!long.TryParse(timestampText, out var timestamp))
        {
            throw new WebhookVerificationException("webhook-timestamp is not a number");
        }
        CheckTimestamp(timestamp, now);
        var expected = Encoding.ASCII.GetBytes(WebhookSigner.StandardSignature(secret, id, timestamp, body));
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected))
            {
                return;
            }
        }
        throw new WebhookVerificationException("no matching signature");
    }

    private void VerifyJwt(string? authorization, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            throw new WebhookVerificationException("missing bearer token");
        }
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            throw new WebhookVerificationException("malformed token");
        }
        var expected = HMACSHA256.HashData(SecretFormat.Utf8Key(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        byte[] actual;
        try
        {
            actual = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            throw new WebhookVerificationException("malformed token signature");
        }
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            throw new WebhookVerificationException("bad token signature");
        }
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = claims.RootElement;
        if (!root.TryGetProperty("exp", out var exp) || exp.GetInt64() < now.ToUnixTimeSeconds())
        {
            throw new WebhookVerificationException("token expired");
        }
        var bodyHash = Base64Url.EncodeToString(SHA256.HashData(body));
        if (!root.TryGetProperty("body_sha256", out var claimed) || claimed.GetString() != bodyHash)
        {
            throw new WebhookVerificationException("token does not match the body");
        }
    }

    private void CheckTimestamp(long timestamp, DateTimeOffset now)
    {
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age > Tolerance)
        {
            throw new WebhookVerificationException("timestamp too old");
        }
        if (age < -Tolerance)
        {
            throw new WebhookVerificationException("timestamp too new");
        }
    }

    private static void RequireEqual(string? actual, string expected)
    {
        if (actual is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected)))
        {
            throw new WebhookVerificationException("signature mismatch");
        }
    }
}

public sealed class WebhookVerificationException(string message) : Exception(message);
