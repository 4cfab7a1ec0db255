
namespace Hookline.Server.Api;

/// <summary>
/// Rules for an endpoint's custom request <c>headers</c>: each must be sendable on every attempt, so what
/// an HTTP request can't carry is refused when the endpoint is saved, not discovered by failing deliveries.
/// </summary>
public static class EndpointHeaderRules
{
    public const int MaxNameLength = 256;
    public const int MaxValueLength = 8192;

    public static void Check(Validator v, Dictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return;
        }
        v.Check(headers.Count <= Fields.MaxHeaders, "headers", $"at most {Fields.MaxHeaders} headers");
        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > MaxNameLength || !name.All(IsTokenChar))
            {
                v.Add("headers", $"'{Printable(name)}' is not a valid header name (1–{MaxNameLength} letters, digits or !#$%&'*+-.^_`|~)");
            }
            else if (WebhookHeaders.Reserved.Contains(name))
            {
                v.Add("headers", $"'{name}' is set by Hookline and can't be overridden");
            }
            if (ValueProblem(value) is { } problem)
            {
                v.Add("headers", $"the value of '{Printable(name)}' {problem}");
            }
        }
    }

    private static string? ValueProblem(string? value)
    {
        if (value is null)
        {
            return "is missing (null)";
        }
        if (value.Length > MaxValueLength)
        {
            return $"is {value.Length} characters long; at most {MaxValueLength}";
        }
        if (value.Any(c => c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t')))
        {
            return "must not contain CR, LF or other control characters";
        }
        // HTTP/1.1 header values are sent as ASCII here; anything else fails every delivery.
        return value.All(char.IsAscii) ? null : "must be ASCII only (percent-encode or base64 other text)";
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());
}
