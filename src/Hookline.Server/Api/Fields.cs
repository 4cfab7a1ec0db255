using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>Shared field rules of the API's requests.</summary>
public static class Fields
{
    public const int MaxNameLength = 256;
    public const int MaxMetadataEntries = 50;
    public const int MaxHeaders = 50;

    /// <summary>
    /// Most levels of nesting in a free-form JSON field (payload, filter, transformation, schema). Answers
    /// wrap such a field a few levels deep (list, item), and must stay within the serializer's depth limit.
    /// </summary>
    public const int MaxJsonDepth = 48;

    public static void Metadata(Validator v, string field, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        v.Check(metadata.Count <= MaxMetadataEntries, field, $"at most {MaxMetadataEntries} entries");
        v.Check(metadata.All(kv => kv.Key.Length is > 0 and <= 256 && kv.Value is { Length: <= 4096 }), field, "keys 1–256 and values up to 4096 characters");
    }

    public static void Uid(Validator v, string? uid)
    {
        if (uid is null)
        {
            return;
        }
        v.Check(uid.Length is > 0 and <= 256 && uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), "uid",
            "1–256 characters of letters, digits, '-', '_' or '.'");
        v.Check(!uid.StartsWith("app_", StringComparison.Ordinal), "uid", "must not start with 'app_' (reserved for ids)");
    }

    public static void EventTypeName(Validator v, string field, string? name)
    {
        v.Check(name is { Length: > 0 and <= 256 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/'), field,
            "1–256 characters of letters, digits, '.', '_', '-', ':' or '/'");
    }

    public static void Channels(Validator v, string field, IReadOnlyList<string>? channels)
    {
        if (channels is null)
        {
            return;
        }
        v.Check(channels.Count <= 10, field, "at most 10 channels");
        v.Check(channels.All(c => c is { Length: > 0 and <= 128 } && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' or ':')), field,
            "each 1–128 characters of letters, digits, '.', '_', '-' or ':'");
    }

    /// <summary>
    /// A free-form JSON field must nest at most <see cref="MaxJsonDepth"/> levels and hold only text that
    /// is valid UTF-16 (no lone surrogate escapes such as <c>"\ud800"</c>), or it could be stored but
    /// not served or sent again.
    /// </summary>
    public static void FreeJson(Validator v, string field, JsonElement? value)
    {
        if (value is not { } element)
        {
            return;
        }
        var (depth, validText) = Inspect(element);
        v.Check(depth <= MaxJsonDepth, field, $"nests deeper than {MaxJsonDepth} levels");
        v.Check(validText, field, "contains text that is not valid Unicode (a lone surrogate escape)");
    }

    private static (int Depth, bool ValidText) Inspect(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var (depth, valid) = (0, true);
                    foreach (var property in element.EnumerateObject())
                    {
                        var (d, ok) = Inspect(property.Value);
                        (depth, valid) = (Math.Max(depth, d), valid && ok && IsName(property));
                    }
                    return (depth + 1, valid);
                }
            case JsonValueKind.Array:
                {
                    var (depth, valid) = (0, true);
                    foreach (var item in element.EnumerateArray())
                    {
                        var (d, ok) = Inspect(item);
                        (depth, valid) = (Math.Max(depth, d), valid && ok);
                    }
                    return (depth + 1, valid);
                }
            case JsonValueKind.String:
                return (0, IsText(element));
            default:
                return (0, true);
        }
    }

    private static bool IsName(JsonProperty property)
    {
        try
        {
            return IsText(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsText(JsonElement element)
    {
        try
        {
            return IsText(element.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>False when the string holds a surrogate that is not part of a pair.</summary>
    public static bool IsText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads an RFC 3339 time from a query string; null when absent.</summary>
    public static DateTimeOffset? Time(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new ValidationProblem(new Dictionary<string, string[]> { [field] = ["must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z"] });
    }

    /// <summary>Which properties a PATCH body names, so an absent field can be told from an explicit null.</summary>
    public static HashSet<string> Present(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
}
