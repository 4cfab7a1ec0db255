using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hookline.Signing;

/// <summary>Produces the signature headers of every <see cref="SignatureSchemes">scheme</see> for one attempt.</summary>
public static class WebhookSigner
{
    public static readonly TimeSpan JwtLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Standard Webhooks signature over <c>{id}.{timestamp}.{body}</c>: <c>v1,&lt;base64&gt;</c>.</summary>
    public static string StandardSignature(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = SecretFormat.StandardWebhooksKey(secret);
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }

    public static string HexHmac(HashAlgorithmName algorithm, string secret, ReadOnlySpan<byte> body)
    {
        var key = SecretFormat.Utf8Key(secret);
        var hash = algorithm == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, body) : HMACSHA256.HashData(key, body);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// The headers that sign one attempt. <paramref name="secrets"/> is newest first; every one of
    /// them signs under Standard Webhooks (rotation), the newest alone signs the other schemes.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string scheme, IReadOnlyList<string> secrets, string messageId, string deliveryId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (scheme == SignatureSchemes.None || secrets.Count == 0)
        {
            return [];
        }
        var newest = secrets[0];
        if (scheme == SignatureSchemes.StandardWebhooks)
        {
            var signatures = new string[secrets.Count];
            for (var i = 0; i < secrets.Count; i++)
            {
                signatures[i] = StandardSignature(secrets[i], messageId, timestamp, body);
            }
            return [new(WebhookHeaders.Signature, string.Join(' ', signatures))];
        }
        return scheme switch
        {
            SignatureSchemes.HmacSha256Hex => [new(WebhookHeaders.HmacSignature, HexHmac(HashAlgorithmName.SHA256, newest, body))],
            SignatureSchemes.HmacSha256Prefixed => [new(WebhookHeaders.HmacSignature, "sha256=" + HexHmac(HashAlgorithmName.SHA256, newest, body))],
            SignatureSchemes.HmacSha1Prefixed => [new(WebhookHeaders.HmacSignature, "sha1=" + HexHmac(HashAlgorithmName.SHA1, newest, body))],
            SignatureSchemes.Jwt => [new(WebhookHeaders.Authorization, "Bearer " + Jwt(newest, messageId, deliveryId, timestamp, body))],
            SignatureSchemes.ApiKey => [new(WebhookHeaders.ApiKey, newest)],
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown signature scheme"),
        };
    }

    /// <summary>An HS256 JWT bound to the message (<c>msg_id</c>), the attempt (<c>jti</c>) and the body (<c>body_sha256</c>).</summary>
    public static string Jwt(string secret, string messageId, string deliveryId, long timestamp, ReadOnlySpan<byte> body)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var bodyHash = Base64Url.EncodeToString(SHA256.HashData(body));
        var exp = timestamp + (long)JwtLifetime.TotalSeconds;
        var claims = $$"""{"iss":"hookline","msg_id":"{{messageId}}","jti":"{{deliveryId}}","iat":{{timestamp}},"exp":{{exp}},"body_sha256":"{{bodyHash}}"}""";
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var signingInput = header + "." + payload;
        var signature = HMACSHA256.HashData(SecretFormat.Utf8Key(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
