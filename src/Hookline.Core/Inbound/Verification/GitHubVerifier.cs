using System.Security.Cryptography;

namespace Hookline.Core.Inbound.Verification;

/// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, keyed by the webhook secret.</summary>
public sealed class GitHubVerifier : ISourceVerifier
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string EventHeader = "X-GitHub-Event";

    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var header = request.Header(SignatureHeader);
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal) || Signatures.FromHex(header[7..]) is not { } signature)
        {
            return $"{SignatureHeader} is missing or not 'sha256=<hex>'";
        }
        var expected = secrets.Select(s => Signatures.Hmac(HashAlgorithmName.SHA256, Signatures.Utf8(s), "", request.Body.Span)).ToList();
        return Signatures.AnyMatch([signature], expected) ? null : "no signature matches a current secret";
    }
}
