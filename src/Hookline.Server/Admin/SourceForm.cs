using System.Globalization;
using System.Text.Json;
using Hookline.Core.Inbound;
using Hookline.Core.Validation;

namespace Hookline.Server.Admin;

/// <summary>
/// The source form: every field of a source as text. It becomes the API's own <see cref="SourceInput"/>,
/// so <see cref="SourceService"/> (and its <see cref="SourceRules"/>) judge it exactly as for the API.
/// Errors carry the API's field names (<c>verification.header</c>), shown beside the matching input.
/// </summary>
public sealed class SourceForm
{
    public string? Name { get; set; }
    public string? Uid { get; set; }
    public string? Type { get; set; }
    public string? VerificationType { get; set; }
    public string? Secret { get; set; }
    public string? Header { get; set; }
    public string? Algorithm { get; set; }
    public string? Encoding { get; set; }
    public string? Prefix { get; set; }
    public string? TimestampHeader { get; set; }
    public string? SignedPayload { get; set; }
    public string? ToleranceSeconds { get; set; }
    public string? Username { get; set; }
    public string? CustomerIdField { get; set; }
    public string? EventTypeField { get; set; }
    public string? EventType { get; set; }
    public string? TimestampField { get; set; }
    public string? ValueField { get; set; }
    public string? MetadataFields { get; set; }
    public string? Constants { get; set; }
    public string? AllowedEventTypes { get; set; }
    public string? RateLimitPerSecond { get; set; }
    public string? IpAllowList { get; set; }
    public string? DedupeHeader { get; set; }
    public string? DedupePath { get; set; }

    public static SourceForm From(Source s) => new()
    {
        Name = s.Name,
        Uid = s.Uid,
        Type = s.Type,
        VerificationType = s.Verification.Type,
        Header = s.Verification.Header,
        Algorithm = s.Verification.Algorithm,
        Encoding = s.Verification.Encoding,
        Prefix = s.Verification.Prefix,
        TimestampHeader = s.Verification.TimestampHeader,
        SignedPayload = s.Verification.SignedPayload,
        ToleranceSeconds = s.Verification.ToleranceSeconds?.ToString(CultureInfo.InvariantCulture),
        Username = s.Verification.Username,
        CustomerIdField = s.Mapping?.CustomerIdField,
        EventTypeField = s.Mapping?.EventTypeField,
        EventType = s.Mapping?.EventType,
        TimestampField = s.Mapping?.TimestampField,
        ValueField = s.Mapping?.ValueField,
        MetadataFields = s.Mapping is null ? null : string.Join("\n", s.Mapping.MetadataFields.Select(m => $"{m.Key}={m.Value}")),
        Constants = s.Mapping is { Constants.Count: > 0 } m ? JsonSerializer.Serialize(m.Constants) : null,
        AllowedEventTypes = string.Join(", ", s.AllowedEventTypes),
        RateLimitPerSecond = s.RateLimitPerSecond?.ToString(CultureInfo.InvariantCulture),
        IpAllowList = string.Join("\n", s.IpAllowList),
        DedupeHeader = s.Dedupe?.Header,
        DedupePath = s.Dedupe?.Path,
    };

    /// <summary>The input with every field set (the form always shows them all); text that can't be read is reported per field.</summary>
    public SourceInput ToInput(Validator v)
    {
        var mapping = new MappingInput
        {
            CustomerIdField = Text(CustomerIdField),
            EventTypeField = Text(EventTypeField),
            EventType = Text(EventType),
            TimestampField = Text(TimestampField),
            ValueField = Text(ValueField),
            MetadataFields = Pairs(v, "mapping.metadata_fields", MetadataFields),
            Constants = ConstantsOf(v),
        };
        var noMapping = mapping is { CustomerIdField: null, EventTypeField: null, EventType: null, TimestampField: null, ValueField: null, MetadataFields: null, Constants: null };
        return new SourceInput
        {
            Name = Text(Name),
            Uid = Text(Uid),
            Type = Text(Type),
            Verification = new VerificationInput
            {
                Type = Text(VerificationType) ?? VerificationTypes.None,
                Secret = Text(Secret),
                Header = Text(Header),
                Algorithm = Text(Algorithm),
                Encoding = Text(Encoding),
                Prefix = Text(Prefix),
                TimestampHeader = Text(TimestampHeader),
                SignedPayload = Text(SignedPayload),
                ToleranceSeconds = Number<int>(v, "verification.tolerance_seconds", ToleranceSeconds),
                Username = Text(Username),
            },
            Mapping = noMapping ? null : mapping,
            AllowedEventTypes = List(AllowedEventTypes),
            RateLimitPerSecond = Number<double>(v, "rate_limit_per_second", RateLimitPerSecond),
            IpAllowList = List(IpAllowList),
            Dedupe = Text(DedupeHeader) is null && Text(DedupePath) is null ? null : new SourceDedupe(Text(DedupeHeader), Text(DedupePath)),
        };
    }

    private Dictionary<string, JsonElement>? ConstantsOf(Validator v)
    {
        if (Text(Constants) is not { } t)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(t);
        }
        catch (JsonException)
        {
            v.Add("mapping.constants", "must be a JSON object of names and values, e.g. {\"region\": \"eu\"}");
            return null;
        }
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string>? List(string? s) =>
        Text(s) is { } t ? t.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList() : null;

    private static Dictionary<string, string>? Pairs(Validator v, string field, string? s)
    {
        if (Text(s) is not { } t)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in t.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                v.Add(field, $"write one per line as name=path ('{line}' has no '=')");
                continue;
            }
            result[line[..at].Trim()] = line[(at + 1)..].Trim();
        }
        return result;
    }

    private static T? Number<T>(Validator v, string field, string? s) where T : struct, IParsable<T>
    {
        if (Text(s) is not { } t)
        {
            return null;
        }
        if (T.TryParse(t, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        v.Add(field, "must be a number");
        return null;
    }
}
