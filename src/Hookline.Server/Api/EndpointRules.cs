using System.Text.Json;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Retry;
using Hookline.Core.Signing;

using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

/// <summary>Validation of an <see cref="EndpointRequest"/> and how it changes an endpoint.</summary>
public static class EndpointRules
{
    public static readonly IReadOnlyList<string> Methods = ["POST", "PUT", "PATCH", "GET", "DELETE"];
    public const int MaxUrlLength = 2048;

    /// <summary>Validates the fields present; <paramref name="creating"/> makes <c>url</c> required.</summary>
    public static void Validate(EndpointRequest r, Func<string, bool> has, bool creating, Func<Uri, string?> targetCheck)
    {
        var v = new Validator();
        if (creating || has("url"))
        {
            Url(v, "url", r.Url, required: true, targetCheck);
        }
        Url(v, "failover_url", r.FailoverUrl, required: false, targetCheck);
        v.Check(r.Description is null or { Length: <= 4096 }, "description", "at most 4096 characters");
        if (r.EventTypes is { } types)
        {
            v.Check(types.Count <= 100, "event_types", "at most 100 event types");
            foreach (var t in types)
            {
                Fields.EventTypeName(v, "event_types", t);
            }
        }
        Fields.Channels(v, "channels", r.Channels);
        v.Check(r.Kind is null || EndpointKinds.All.Contains(r.Kind), "kind", $"one of {string.Join(", ", EndpointKinds.All)}");
        v.Check(r.Method is null || Methods.Contains(r.Method), "method", $"one of {string.Join(", ", Methods)}");
        Headers(v, r.Headers);
        v.Check(r.Envelope is null || EnvelopeKinds.All.Contains(r.Envelope), "envelope", $"one of {string.Join(", ", EnvelopeKinds.All)}");
        v.Check(r.SignatureScheme is null || SignatureSchemes.All.Contains(r.SignatureScheme), "signature_scheme", $"one of {string.Join(", ", SignatureSchemes.All)}");
        RetryPolicyRules.Validate(v, r.RetryPolicy);
        v.Check(r.TimeoutSeconds is null or (>= 1 and <= 60), "timeout_seconds", "between 1 and 60");
        v.Check(r.RateLimitPerSecond is null or (> 0 and <= 100_000), "rate_limit_per_second", "greater than 0 and at most 100000");
        v.Check(r.Compression is null || EndpointCompressions.All.Contains(r.Compression), "compression", "null or \"gzip\"");
        v.Check(r.MaxConcurrency is null or (>= 1 and <= 1000), "max_concurrency", "between 1 and 1000");
        v.Check(r.Filter is null || r.Filter.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "filter", "must be an object");
        v.Check(r.Transformation is null || r.Transformation.Value.ValueKind is JsonValueKind.Object or JsonValueKind.String or JsonValueKind.Null,
            "transformation", "must be an object or a template string");
        FreeJson.Check(v, "filter", r.Filter);
        FreeJson.Check(v, "transformation", r.Transformation);
        RoutingRules.Validate(v, r.Filter, r.Transformation);
        Fields.Metadata(v, "metadata", r.Metadata);
        NotificationRules.Validate(v, r.Notification);
        v.ThrowIfInvalid();
    }

    /// <summary>The endpoint after the fields present in <paramref name="r"/> are applied; an explicit null restores the default.</summary>
    public static Endpoint Apply(Endpoint e, EndpointRequest r, Func<string, bool> has, DateTimeOffset now) => e with
    {
        Url = has("url") && r.Url is not null ? r.Url : e.Url,
        Description = has("description") ? r.Description : e.Description,
        EventTypes = has("event_types") ? r.EventTypes?.Distinct(StringComparer.Ordinal).ToList() ?? [] : e.EventTypes,
        Channels = has("channels") ? r.Channels?.Distinct(StringComparer.Ordinal).ToList() ?? [] : e.Channels,
        Kind = has("kind") ? r.Kind ?? EndpointKinds.Webhook : e.Kind,
        Envelope = has("envelope") ? r.Envelope ?? EnvelopeKinds.Standard : e.Envelope,
        Method = has("method") ? r.Method ?? "POST" : e.Method,
        Headers = has("headers") ? r.Headers ?? [] : e.Headers,
        SignatureScheme = has("signature_scheme") ? r.SignatureScheme ?? SignatureSchemes.StandardWebhooks : e.SignatureScheme,
        RetryPolicy = has("retry_policy") ? r.RetryPolicy : e.RetryPolicy,
        TimeoutSeconds = has("timeout_seconds") ? r.TimeoutSeconds ?? 15 : e.TimeoutSeconds,
        RateLimitPerSecond = has("rate_limit_per_second") ? r.RateLimitPerSecond : e.RateLimitPerSecond,
        MaxConcurrency = has("max_concurrency") ? r.MaxConcurrency : e.MaxConcurrency,
        Filter = has("filter") ? Raw(r.Filter) : e.Filter,
        Transformation = has("transformation") ? Raw(r.Transformation) : e.Transformation,
        FailoverUrl = has("failover_url") ? r.FailoverUrl : e.FailoverUrl,
        Ordered = has("ordered") ? r.Ordered ?? false : e.Ordered,
        Compression = has("compression") ? r.Compression : e.Compression,
        Notification = has("notification") ? r.Notification : e.Notification,
        Disabled = has("disabled") ? r.Disabled ?? false : e.Disabled,
        DisabledReason = has("disabled") ? (r.Disabled == true ? "disabled by API" : null) : e.DisabledReason,
        Metadata = has("metadata") ? r.Metadata ?? [] : e.Metadata,
        UpdatedAt = now,
    };

    private static string? Raw(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null } v ? v.GetRawText() : null;

    private static void Url(Validator v, string field, string? url, bool required, Func<Uri, string?> targetCheck)
    {
        if (url is null)
        {
            v.Check(!required, field, "is required");
            return;
        }
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            v.Add(field, $"must be an absolute http or https URL of at most {MaxUrlLength} characters");
            return;
        }
        if (uri.UserInfo.Length > 0)
        {
            v.Add(field, "must not carry credentials; use headers for authentication");
            return;
        }
        if (targetCheck(uri) is { } problem)
        {
            v.Add(field, problem);
        }
    }

    private static void Headers(Validator v, Dictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return;
        }
        v.Check(headers.Count <= Fields.MaxHeaders, "headers", $"at most {Fields.MaxHeaders} headers");
        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
            {
                v.Add("headers", $"'{Printable(name)}' is not a valid header name");
            }
            else if (WebhookHeaders.Reserved.Contains(name))
            {
                v.Add("headers", $"'{name}' is set by Hookline and can't be overridden");
            }
            if (value is null || value.Length > 8192 || value.Any(c => c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t')))
            {
                v.Add("headers", $"the value of '{Printable(name)}' must not contain CR, LF or other control characters");
            }
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());
}

public static class RetryPolicyRules
{
    public static void Validate(Validator v, RetryPolicy? p)
    {
        if (p is null)
        {
            return;
        }
        const string f = "retry_policy";
        if (p.ScheduleSeconds is { } schedule)
        {
            v.Check(schedule.Count is >= 0 and <= 50, f, "schedule_seconds lists at most 50 delays");
            v.Check(schedule.All(s => s is >= 0 and <= 7 * 86400), f, "each delay in schedule_seconds is between 0 and 604800 seconds");
            v.Check(p.MaxAttempts is null && p.InitialDelaySeconds is null && p.BackoffMultiplier is null && p.MaxDelaySeconds is null, f,
                "use either schedule_seconds or the exponential fields, not both");
        }
        v.Check(p.MaxAttempts is null or (>= 1 and <= 100), f, "max_attempts is between 1 and 100");
        v.Check(p.InitialDelaySeconds is null or (>= 0 and <= 86400), f, "initial_delay_seconds is between 0 and 86400");
        v.Check(p.BackoffMultiplier is null or (>= 1 and <= 10), f, "backoff_multiplier is between 1 and 10");
        v.Check(p.MaxDelaySeconds is null or (>= 0 and <= 7 * 86400), f, "max_delay_seconds is between 0 and 604800");
        v.Check(p.Jitter is null or (>= 0 and <= 1), f, "jitter is a fraction between 0 and 1");
        v.Check(p.RetryOnStatusCodes is null || p.RetryOnStatusCodes.All(c => c is >= 100 and <= 599), f, "retry_on_status_codes are HTTP status codes (100–599)");
    }
}
