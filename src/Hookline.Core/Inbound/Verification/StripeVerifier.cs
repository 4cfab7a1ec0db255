using System.Security.Cryptography;

namespace Hookline.Core.Inbound.Verification;

/// <summary>
/// Stripe: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=…]</c>, each v1 an HMAC-SHA256 of
/// <c>{t}.{body}</c> keyed by the endpoint's whole <c>whsec_…</c> string; t within the tolerance (300 s).
/// </summary>
public sealed class StripeVerifier : ISourceVerifier
{
    public const string SignatureHeader = "Stripe-Signature";

    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var header = request.Header(SignatureHeader);
        if (header is null)
        {
            return $"{SignatureHeader} is missing";
        }
        string? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var item in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var (key, value) = (item[..eq], item[(eq + 1)..]);
            if (key == "t")
            {
                timestamp = value;
            }
            else if (key == "v1" && Signatures.FromHex(value) is { } bytes)
            {
                signatures.Add(bytes);
            }
        }
        if (timestamp is null || signatures.Count == 0)
        {
            return $"{SignatureHeader} lacks t= or v1=";
        }
        if (Signatures.CheckTimestamp(timestamp, config.Tolerance, now) is { } late)
        {
            return late;
        }
        var expected = secrets.Select(s => Signatures.Hmac(HashAlgorithmName.SHA256, Signatures.Utf8(s), timestamp + ".", request.Body.Span)).ToList();
        return Signatures.AnyMatch(signatures, expected) ? null : "no signature matches a current secret";
    }
}
