namespace Hookline.Core.Inbound.Verification;

/// <summary>
/// A shared key in a header (default <c>X-API-Key</c>). With <c>Authorization</c> as the header,
/// <c>Bearer &lt;key&gt;</c> is read too.
/// </summary>
public sealed class ApiKeyVerifier : ISourceVerifier
{
    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var name = config.Header ?? VerificationTypes.DefaultApiKeyHeader;
        var value = request.Header(name)?.Trim();
        if (value is null)
        {
            return $"the {name} header is missing";
        }
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..].Trim();
        }
        var matched = false;
        foreach (var secret in secrets)
        {
            matched |= Signatures.TextEquals(value, secret);
        }
        return matched ? null : "the key is not a current one";
    }
}
