using System.Text;

namespace Hookline.Core.Inbound.Verification;

/// <summary>HTTP basic authentication: <c>Authorization: Basic base64(username:password)</c>; the password is the secret.</summary>
public sealed class BasicAuthVerifier : ISourceVerifier
{
    public string? Check(InboundRequest request, SourceVerification config, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || Signatures.FromBase64(header[6..].Trim()) is not { } decoded)
        {
            return "Authorization: Basic credentials are missing";
        }
        var text = Encoding.UTF8.GetString(decoded);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return "the credentials are not 'username:password'";
        }
        var userMatches = Signatures.TextEquals(text[..colon], config.Username ?? "");
        var passwordMatches = false;
        foreach (var secret in secrets)
        {
            passwordMatches |= Signatures.TextEquals(text[(colon + 1)..], secret);
        }
        return userMatches & passwordMatches ? null : "the user name or password is wrong";
    }
}
