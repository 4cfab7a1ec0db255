namespace Hookline.Core.Inbound;

/// <summary>
/// What of a request's headers the recent-requests log may keep: credentials are replaced by a
/// marker. Signatures stay, since they reveal nothing of the key and are what a user debugs.
/// </summary>
public static class HeaderRedaction
{
    public const string Marker = "[redacted]";

    private static readonly HashSet<string> Always = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-API-Key", "X-Auth-Token", "X-Access-Token", "Api-Key",
    };

    public static IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> headers, SourceVerification verification)
    {
        var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            var secret = Always.Contains(name)
                || (verification.Type == VerificationTypes.ApiKey && name.Equals(verification.Header ?? VerificationTypes.DefaultApiKeyHeader, StringComparison.OrdinalIgnoreCase))
                || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
                || name.Contains("password", StringComparison.OrdinalIgnoreCase)
                || name.Contains("token", StringComparison.OrdinalIgnoreCase);
            result[name] = secret ? Marker : value.Length <= 1024 ? value : value[..1024] + "…";
        }
        return result;
    }
}
