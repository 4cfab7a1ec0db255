using Hookline.Signing;

namespace Hookline.Core.Validation;

/// <summary>
/// What an HTTP header Hookline sends or reads may hold. Names are RFC 9110 tokens; values are sent as ASCII
/// on HTTP/1.1, so anything else (accented letters, emoji, DEL, C0 or C1 controls) would fail every request
/// that carries it: such headers are refused when saved, not found out by failing deliveries.
/// </summary>
public static class HeaderRules
{
    public const int MaxNameLength = 256;
    public const int MaxValueLength = 8192;

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static string NameRule(int maxLength = MaxNameLength) => $"1–{maxLength} letters, digits or {TokenSymbols}";

    public static bool IsName(string? name, int maxLength = MaxNameLength) =>
        name is { Length: > 0 } && name.Length <= maxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal));

    /// <summary>What is wrong with a header value, said of the value ("is …", "must …"); null when it can be sent.</summary>
    public static string? ValueProblem(string? value)
    {
        if (value is null)
        {
            return "is missing (null)";
        }
        if (value.Length > MaxValueLength)
        {
            return $"is {value.Length} characters long; at most {MaxValueLength}";
        }
        if (value.Any(c => c is '\r' or '\n' or '\0'))
        {
            return "must not contain CR, LF or NUL";
        }
        if (value.Any(c => c != '\t' && char.IsControl(c)))
        {
            return "must not contain control characters (U+0001–U+001F, DEL, U+0080–U+009F)";
        }
        return value.All(char.IsAscii) ? null : "must be ASCII only (percent-encode or base64 other text)";
    }

    /// <summary>Checks a map of headers to send, each error under <paramref name="field"/>; <paramref name="reserved"/> says why Hookline's own headers can't be set.</summary>
    public static void Check(Validator v, string field, IReadOnlyDictionary<string, string>? headers, int maxCount, string reserved)
    {
        if (headers is null)
        {
            return;
        }
        v.Check(headers.Count <= maxCount, field, $"at most {maxCount} headers");
        foreach (var (name, value) in headers)
        {
            if (!IsName(name))
            {
                v.Add(field, $"'{Printable(name)}' is not a valid header name ({NameRule()})");
            }
            else if (WebhookHeaders.Reserved.Contains(name))
            {
                v.Add(field, $"'{name}' {reserved}");
            }
            if (ValueProblem(value) is { } problem)
            {
                v.Add(field, $"the value of '{Printable(name)}' {problem}");
            }
        }
    }

    /// <summary>A name as it can be shown in an error: controls replaced, cut to 64 characters.</summary>
    public static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());
}
