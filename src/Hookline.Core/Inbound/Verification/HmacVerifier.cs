namespace Hookline.Core.Inbound.Verification;

/// <summary>
/// Generic HMAC: a keyed hash (sha256, sha1, sha512) of a signed payload — the body, or a template
/// such as <c>{timestamp}.{body}</c> — sent hex or base64 in a header, optionally after a prefix.
/// The key is the secret's UTF-8 bytes.
/// </summary>
public sealed class HmacVerifier : ISourceVerifier
{
    public const string BodyPlaceholder = "{body}";
    public const string TimestampPlaceholder = "{timestamp}";

    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var header = request.Header(config.Header ?? "");
        if (header is null)
        {
            return $"the signature header {config.Header} is missing";
        }
        var prefix = config.Prefix ?? "";
        var candidates = new List<byte[]>();
        foreach (var part in header.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var text = part[prefix.Length..];
            if ((config.Encoding == "base64" ? Signatures.FromBase64(text) : Signatures.FromHex(text)) is { } bytes)
            {
                candidates.Add(bytes);
            }
        }
        if (candidates.Count == 0)
        {
            return "the signature header holds no signature in the configured form";
        }
        string? timestamp = null;
        if (config.TimestampHeader is { } timestampHeader)
        {
            timestamp = request.Header(timestampHeader);
            if (Signatures.CheckTimestamp(timestamp, config.Tolerance, now) is { } late)
            {
                return late;
            }
        }
        var template = config.SignedPayload ?? (config.TimestampHeader is null ? BodyPlaceholder : TimestampPlaceholder + "." + BodyPlaceholder);
        var at = template.IndexOf(BodyPlaceholder, StringComparison.Ordinal);
        var before = template[..at].Replace(TimestampPlaceholder, timestamp ?? "", StringComparison.Ordinal);
        var after = template[(at + BodyPlaceholder.Length)..].Replace(TimestampPlaceholder, timestamp ?? "", StringComparison.Ordinal);
        var algorithm = Signatures.Algorithm(config.Algorithm) ?? throw new InvalidOperationException("unknown algorithm passed validation");
        var expected = secrets.Select(s => Signatures.Hmac(algorithm, Signatures.Utf8(s), before, request.Body.Span, after)).ToList();
        return Signatures.AnyMatch(candidates, expected) ? null : "no signature matches a current secret";
    }
}
