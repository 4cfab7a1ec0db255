using System.Security.Cryptography;
using Hookline.Core.Signing;

namespace Hookline.Core.Inbound.Verification;

/// <summary>
/// Standard Webhooks: <c>webhook-signature: v1,&lt;base64&gt; …</c> (space separated) over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed by the base64 part of a <c>whsec_</c> secret;
/// the timestamp within the tolerance. Svix's <c>svix-*</c> header names are read too.
/// </summary>
public sealed class StandardWebhooksVerifier : ISourceVerifier
{
    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var id = request.Header(WebhookHeaders.Id) ?? request.Header("svix-id");
        var timestamp = request.Header(WebhookHeaders.Timestamp) ?? request.Header("svix-timestamp");
        var header = request.Header(WebhookHeaders.Signature) ?? request.Header("svix-signature");
        if (id is null || timestamp is null || header is null)
        {
            return "webhook-id, webhook-timestamp or webhook-signature is missing";
        }
        if (Signatures.CheckTimestamp(timestamp, config.Tolerance, now) is { } late)
        {
            return late;
        }
        var signatures = header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Select(s => Signatures.FromBase64(s[3..]))
            .OfType<byte[]>()
            .ToList();
        if (signatures.Count == 0)
        {
            return "webhook-signature holds no v1 signature";
        }
        var expected = secrets.Select(s => Signatures.Hmac(HashAlgorithmName.SHA256, SecretFormat.StandardWebhooksKey(s), $"{id}.{timestamp.Trim()}.", request.Body.Span)).ToList();
        return Signatures.AnyMatch(signatures, expected) ? null : "no signature matches a current secret";
    }
}
