using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hookline.Signing;

/// <summary>
/// Verifies a received webhook under any <see cref="SignatureSchemes">scheme</see> Hookline signs with.
/// Comparisons are constant-time; Standard Webhooks and JWT also check the time against a tolerance,
/// and JWT checks that the token names this message and body. Malformed input of any kind is a
/// failed verification, never another exception.
/// </summary>
public sealed class WebhookVerifier
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    // The range DateTimeOffset can hold; anything outside is not a timestamp.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private readonly string _scheme;
    private readonly IReadOnlyList<string> _secrets;
    private readonly TimeProvider _clock;

    /// <param name="scheme">The endpoint's <c>signature_scheme</c>.</param>
    /// <param name="secret">The endpoint's secret; for <c>standard-webhooks-ed25519</c> its <c>whpk_</c> public key.</param>
    /// <param name="clock">The receiver's clock; the system clock when null.</param>
    public WebhookVerifier(string scheme, string secret, TimeProvider? clock = null)
        : this(scheme, [secret], clock)
    {
    }

    /// <summary>Accepts a request signed with any of <paramref name="secrets"/>: the old and new one while a rotation settles.</summary>
    public WebhookVerifier(string scheme, IReadOnlyList<string> secrets, TimeProvider? clock = null)
    {
        if (!SignatureSchemes.All.Contains(scheme))
        {
            throw new ArgumentException($"unknown signature scheme '{scheme}'", nameof(scheme));
        }
        if (scheme != SignatureSchemes.None && secrets.Count == 0)
        {
            throw new ArgumentException("at least one secret is needed", nameof(secrets));
        }
        _scheme = scheme;
        _secrets = secrets;
        _clock = clock ?? TimeProvider.System;
    }

    public TimeSpan Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Throws <see cref="WebhookVerificationException"/> (and nothing else) unless the request is authentic.</summary>
    public void Verify(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        var now = _clock.GetUtcNow();
        switch (_scheme)
        {
            case SignatureSchemes.None:
                return;
            case SignatureSchemes.StandardWebhooks:
            case SignatureSchemes.StandardWebhooksEd25519:
                VerifyStandard(header, body, now);
                return;
            case SignatureSchemes.HmacSha256Hex or SignatureSchemes.HmacSha256Prefixed or SignatureSchemes.HmacSha1Prefixed:
                RequireAny(header(WebhookHeaders.HmacSignature), body);
                return;
            case SignatureSchemes.ApiKey:
                RequireAny(header(WebhookHeaders.ApiKey), body);
                return;
            default:
                VerifyJwt(header, body, now);
                return;
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
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            throw new WebhookVerificationException("webhook-timestamp is not a number");
        }
        CheckTime(timestamp, now, "timestamp");
        var candidates = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (_scheme == SignatureSchemes.StandardWebhooksEd25519)
        {
            var content = WebhookSigner.SignedContent(id, timestamp, body);
            foreach (var candidate in candidates)
            {
                if (candidate.StartsWith("v1a,", StringComparison.Ordinal) && _secrets.Any(key => Ed25519Keys.Verify(key, content, candidate[4..])))
                {
                    return;
                }
            }
            throw new WebhookVerificationException("no matching v1a signature");
        }
        foreach (var secret in _secrets)
        {
            var expected = Encoding.ASCII.GetBytes(WebhookSigner.StandardSignature(secret, id, timestamp, body));
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected))
                {
                    return;
                }
            }
        }
        throw new WebhookVerificationException("no matching signature");
    }

    private void VerifyJwt(Func<string, string?> header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var authorization = header(WebhookHeaders.Authorization);
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            throw new WebhookVerificationException("missing bearer token");
        }
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            throw new WebhookVerificationException("malformed token");
        }
        using var tokenHeader = ReadJson(parts[0], "token header");
        if (!TryString(tokenHeader.RootElement, "alg", out var alg) || alg != "HS256")
        {
            throw new WebhookVerificationException("token is not HS256");
        }
        var actual = Decode(parts[2], "token signature");
        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_secrets.Any(s => CryptographicOperations.FixedTimeEquals(actual, HMACSHA256.HashData(SecretFormat.Utf8Key(s), signingInput))))
        {
            throw new WebhookVerificationException("bad token signature");
        }
        using var claims = ReadJson(parts[1], "token claims");
        var root = claims.RootElement;
        if (!TryLong(root, "exp", out var exp) || !TryLong(root, "iat", out var iat))
        {
            throw new WebhookVerificationException("token lacks exp or iat");
        }
        if (exp < now.ToUnixTimeSeconds())
        {
            throw new WebhookVerificationException("token expired");
        }
        CheckTime(iat, now, "token issue time");
        var messageId = header(WebhookHeaders.Id) ?? throw new WebhookVerificationException("missing webhook-id header");
        if (!TryString(root, "msg_id", out var claimedId) || claimedId != messageId)
        {
            throw new WebhookVerificationException("token is for another message");
        }
        var bodyHash = Base64Url.EncodeToString(SHA256.HashData(body));
        if (!TryString(root, "body_sha256", out var claimedHash) || claimedHash != bodyHash)
        {
            throw new WebhookVerificationException("token does not match the body");
        }
    }

    private void CheckTime(long unixSeconds, DateTimeOffset now, string what)
    {
        if (unixSeconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            throw new WebhookVerificationException($"{what} out of range");
        }
        var age = now - DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        if (age > Tolerance)
        {
            throw new WebhookVerificationException($"{what} too old");
        }
        if (age < -Tolerance)
        {
            throw new WebhookVerificationException($"{what} too new");
        }
    }

    private void RequireAny(string? actual, ReadOnlySpan<byte> body)
    {
        if (actual is null)
        {
            throw new WebhookVerificationException("missing signature header");
        }
        var received = Encoding.UTF8.GetBytes(actual);
        foreach (var secret in _secrets)
        {
            if (CryptographicOperations.FixedTimeEquals(received, Encoding.UTF8.GetBytes(Expected(secret, body))))
            {
                return;
            }
        }
        throw new WebhookVerificationException("signature mismatch");
    }

    private string Expected(string secret, ReadOnlySpan<byte> body) => _scheme switch
    {
        SignatureSchemes.HmacSha256Hex => WebhookSigner.HexHmac(HashAlgorithmName.SHA256, secret, body),
        SignatureSchemes.HmacSha256Prefixed => "sha256=" + WebhookSigner.HexHmac(HashAlgorithmName.SHA256, secret, body),
        SignatureSchemes.HmacSha1Prefixed => "sha1=" + WebhookSigner.HexHmac(HashAlgorithmName.SHA1, secret, body),
        _ => secret,
    };

    private static byte[] Decode(string part, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            throw new WebhookVerificationException($"malformed {what}");
        }
    }

    private static JsonDocument ReadJson(string part, string what)
    {
        try
        {
            var document = JsonDocument.Parse(Decode(part, what));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new WebhookVerificationException($"{what} is not a JSON object");
            }
            return document;
        }
        catch (JsonException)
        {
            throw new WebhookVerificationException($"{what} is not JSON");
        }
    }

    private static bool TryLong(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value);
    }

    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return value is not null;
    }
}

public sealed class WebhookVerificationException(string message) : Exception(message);
