using System.Text.Json;
using Hookline.Core.Publishing;

namespace Hookline.Server.Api;

/// <summary>Shared field rules of the API's requests.</summary>
public static class Fields
{
    public const int MaxNameLength = 256;
    public const int MaxMetadataEntries = 50;
    public const int MaxHeaders = 50;

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

    public static void EventTypeName(Validator v, string field, string? name) => MessageRules.EventTypeName(v, field, name);

    public static void Channels(Validator v, string field, IReadOnlyList<string>? channels) => MessageRules.Channels(v, field, channels);

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
