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

    /// <summary>Asymmetric Standard Webhooks signature over <c>{id}.{timestamp}.{body}</c>: <c>v1a,&lt;base64 ed25519&gt;</c>.</summary>
    public static string Ed25519Signature(string secretKey, string messageId, long timestamp, ReadOnlySpan<byte> body) =>
        "v1a," + Ed25519Keys.Sign(secretKey, SignedContent(messageId, timestamp, body));

    /// <summary>
    /// The headers that sign one attempt. <paramref name="secrets"/> are the active ones, newest first.
    /// Under the Standard Webhooks schemes every one of them signs, side by side. The other schemes
    /// carry one signature, so during a rotation the OLDEST active secret keeps signing until its
    /// grace period ends (what the receiver is still configured with), then the next one takes over.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        string scheme, IReadOnlyList<string> secrets, string messageId, string deliveryId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (scheme == SignatureSchemes.None || secrets.Count == 0)
        {
            return [];
        }
        if (scheme == SignatureSchemes.StandardWebhooks)
        {
            var signatures = new string[secrets.Count];
            for (var i = 0; i < secrets.Count; i++)
            {
                signatures[i] = StandardSignature(secrets[i], messageId, timestamp, body);
            }
            return [new(WebhookHeaders.Signature, string.Join(' ', signatures))];
        }
        if (scheme == SignatureSchemes.StandardWebhooksEd25519)
        {
            var signatures = new List<string>(secrets.Count);
            foreach (var key in secrets)
            {
                // A shared secret left over from before a switch of scheme cannot sign v1a.
                if (Ed25519Keys.IsSecretKey(key))
                {
                    signatures.Add(Ed25519Signature(key, messageId, timestamp, body));
                }
            }
            return signatures.Count == 0 ? [] : [new(WebhookHeaders.Signature, string.Join(' ', signatures))];
        }
        var signing = secrets[^1];
        return scheme switch
        {
            SignatureSchemes.HmacSha256Hex => [new(WebhookHeaders.HmacSignature, HexHmac(HashAlgorithmName.SHA256, signing, body))],
            SignatureSchemes.HmacSha256Prefixed => [new(WebhookHeaders.HmacSignature, "sha256=" + HexHmac(HashAlgorithmName.SHA256, signing, body))],
            SignatureSchemes.HmacSha1Prefixed => [new(WebhookHeaders.HmacSignature, "sha1=" + HexHmac(HashAlgorithmName.SHA1, signing, body))],
            SignatureSchemes.Jwt => [new(WebhookHeaders.Authorization, "Bearer " + Jwt(signing, messageId, deliveryId, timestamp, body))],
            SignatureSchemes.ApiKey => [new(WebhookHeaders.ApiKey, signing)],
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown signature scheme"),
        };
    }

    internal static byte[] SignedContent(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
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
