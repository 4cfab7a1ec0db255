using System.Globalization;
using System.Text.Json;
using Hookline.Core.Retry;
using Hookline.Server.Api;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin;

/// <summary>
/// The endpoint form: every field of an endpoint as text. It turns into the API's own
/// <see cref="EndpointRequest"/>, so <see cref="EndpointRules"/> validates and applies it exactly as for the API.
/// </summary>
public sealed class EndpointForm
{
    public string? Url { get; set; }
    public string? Description { get; set; }
    public string? EventTypes { get; set; }
    public string? Channels { get; set; }
    public string? Kind { get; set; }
    public string? Method { get; set; }
    public string? Headers { get; set; }
    public string? Secret { get; set; }
    public string? SignatureScheme { get; set; }
    public string? RetryPolicy { get; set; }
    public string? TimeoutSeconds { get; set; }
    public string? RateLimitPerSecond { get; set; }
    public string? MaxConcurrency { get; set; }
    public string? Filter { get; set; }
    public string? Transformation { get; set; }
    public string? FailoverUrl { get; set; }
    public bool Ordered { get; set; }
    public string? Compression { get; set; }
    public bool Disabled { get; set; }
    public string? Metadata { get; set; }

    /// <summary>Every field the form shows; on edit all of them are sent, and an empty one restores the default.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "url", "description", "event_types", "channels", "kind", "method", "headers", "signature_scheme", "retry_policy", "timeout_seconds",
        "rate_limit_per_second", "max_concurrency", "filter", "transformation", "failover_url", "ordered", "compression", "disabled", "metadata",
    ];

    public static EndpointForm From(Endpoint e) => new()
    {
        Url = e.Url,
        Description = e.Description,
        EventTypes = string.Join(", ", e.EventTypes),
        Channels = string.Join(", ", e.Channels),
        Kind = e.Kind,
        Method = e.Method,
        Headers = string.Join("\n", e.Headers.Select(h => $"{h.Key}: {h.Value}")),
        SignatureScheme = e.SignatureScheme,
        RetryPolicy = e.RetryPolicy is null ? null : JsonSerializer.Serialize(e.RetryPolicy, ApiJson.Options),
        TimeoutSeconds = e.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        RateLimitPerSecond = e.RateLimitPerSecond?.ToString(CultureInfo.InvariantCulture),
        MaxConcurrency = e.MaxConcurrency?.ToString(CultureInfo.InvariantCulture),
        Filter = Ui.Pretty(e.Filter),
        Transformation = e.Transformation is null ? null : TransformationText(e.Transformation),
        FailoverUrl = e.FailoverUrl,
        Ordered = e.Ordered,
        Compression = e.Compression,
        Disabled = e.Disabled,
        Metadata = string.Join("\n", e.Metadata.Select(m => $"{m.Key}={m.Value}")),
    };

    /// <summary>The request, and the fields it sets; text that can't even be read is reported per field like a rule.</summary>
    public (EndpointRequest Request, HashSet<string> Present) ToRequest(bool creating, Validator v)
    {
        var request = new EndpointRequest
        {
            Url = Text(Url),
            Description = Text(Description),
            EventTypes = List(EventTypes),
            Channels = List(Channels),
            Kind = Text(Kind),
            Method = Text(Method),
            Headers = Pairs(v, "headers", Headers, ':'),
            Secret = creating ? Text(Secret) : null,
            SignatureScheme = Text(SignatureScheme),
            RetryPolicy = Json<RetryPolicy>(v, "retry_policy", RetryPolicy),
            TimeoutSeconds = Number<int>(v, "timeout_seconds", TimeoutSeconds),
            RateLimitPerSecond = Number<double>(v, "rate_limit_per_second", RateLimitPerSecond),
            MaxConcurrency = Number<int>(v, "max_concurrency", MaxConcurrency),
            Filter = Element(v, "filter", Filter, allowTemplate: false),
            Transformation = Element(v, "transformation", Transformation, allowTemplate: true),
            FailoverUrl = Text(FailoverUrl),
            Ordered = Ordered,
            Compression = Text(Compression),
            Disabled = Disabled,
            Metadata = Pairs(v, "metadata", Metadata, '='),
        };
        var present = FieldNames.ToHashSet(StringComparer.Ordinal);
        if (creating)
        {
            present.RemoveWhere(f => IsEmpty(request, f) || (f == "ordered" && !Ordered) || (f == "disabled" && !Disabled));
            if (request.Secret is not null)
            {
                present.Add("secret");
            }
        }
        return (request, present);
    }

    private static bool IsEmpty(EndpointRequest r, string field) => field switch
    {
        "url" => r.Url is null,
        "description" => r.Description is null,
        "event_types" => r.EventTypes is null,
        "channels" => r.Channels is null,
        "kind" => r.Kind is null,
        "method" => r.Method is null,
        "headers" => r.Headers is null,
        "signature_scheme" => r.SignatureScheme is null,
        "retry_policy" => r.RetryPolicy is null,
        "timeout_seconds" => r.TimeoutSeconds is null,
        "rate_limit_per_second" => r.RateLimitPerSecond is null,
        "max_concurrency" => r.MaxConcurrency is null,
        "filter" => r.Filter is null,
        "transformation" => r.Transformation is null,
        "failover_url" => r.FailoverUrl is null,
        "compression" => r.Compression is null,
        "metadata" => r.Metadata is null,
        _ => false,
    };

    private static string TransformationText(string raw)
    {
        using var doc = JsonDocument.Parse(raw);
        return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()! : Ui.Pretty(raw);
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string>? List(string? s) =>
        Text(s) is { } t ? t.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList() : null;

    private static Dictionary<string, string>? Pairs(Validator v, string field, string? s, char separator)
    {
        if (Text(s) is not { } t)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in t.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                v.Add(field, $"write one per line as name{separator}value ('{line}' has no '{separator}')");
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

    private static T? Json<T>(Validator v, string field, string? s) where T : class
    {
        if (Text(s) is not { } t)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(t, ApiJson.Options);
        }
        catch (JsonException e)
        {
            v.Add(field, "is not valid JSON of the right shape: " + e.Message.Split('.')[0]);
            return null;
        }
    }

    private static JsonElement? Element(Validator v, string field, string? s, bool allowTemplate)
    {
        if (Text(s) is not { } t)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(t);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            if (allowTemplate)
            {
                // Not JSON: a template string.
                return JsonSerializer.SerializeToElement(t);
            }
            v.Add(field, "is not valid JSON");
            return null;
        }
    }
}
