using System.Text;

namespace Hookline.Server.Tests.Faults;

/// <summary>How a request body of one API route is built: the fields it needs to be valid, and the fields a mutation may set.</summary>
public sealed record BodyTemplate(
    string Name, string Method, Func<HostileWorld, string> Path, IReadOnlyList<(string Field, string Json)> Required,
    IReadOnlyList<string> Optional, Func<HostileWorld, string?> Creates)
{
    /// <summary>Fields holding a string, a list of strings (<c>[]</c>) or a string map (<c>{}</c>): where text edge cases go.</summary>
    public IReadOnlyDictionary<string, char> Texts { get; init; } = new Dictionary<string, char>();

    /// <summary>The body: the required fields (with <c>{n}</c> made unique) overridden or extended by <paramref name="set"/>.</summary>
    public string Render(int n, params (string Field, string Json)[] set)
    {
        var fields = Required.Select(r => (r.Field, Json: r.Json.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .Where(r => set.All(s => s.Field != r.Field))
            .Concat(set);
        return "{" + string.Join(",", fields.Select(f => $"\"{f.Field}\":{f.Json}")) + "}";
    }

    /// <summary>A text value placed where the field wants it: as the string, as a list element, or as a map key and value.</summary>
    public string PlaceText(string field, string jsonString) => Texts[field] switch
    {
        '[' => $"[{jsonString}]",
        '{' => $"{{{jsonString}:{jsonString}}}",
        _ => jsonString,
    };
}

public static class HostileBodies
{
    private static readonly string[] EndpointFields =
    [
        "url", "description", "event_types", "channels", "kind", "method", "headers", "secret", "signature_scheme", "retry_policy", "timeout_seconds",
        "rate_limit_per_second", "max_concurrency", "filter", "transformation", "failover_url", "ordered", "compression", "disabled", "metadata",
    ];

    private static readonly Dictionary<string, char> EndpointTexts = new()
    {
        ["url"] = 's',
        ["description"] = 's',
        ["event_types"] = '[',
        ["channels"] = '[',
        ["kind"] = 's',
        ["method"] = 's',
        ["headers"] = '{',
        ["secret"] = 's',
        ["signature_scheme"] = 's',
        ["transformation"] = 's',
        ["failover_url"] = 's',
        ["compression"] = 's',
        ["metadata"] = '{',
        ["filter"] = '{',
    };

    private static readonly string[] SourceFields =
    [
        "name", "uid", "type", "verification", "mapping", "allowed_event_types", "rate_limit_per_second", "ip_allow_list", "dedupe",
    ];

    private static readonly Dictionary<string, char> SourceTexts = new()
    {
        ["name"] = 's',
        ["uid"] = 's',
        ["type"] = 's',
        ["verification"] = '{',
        ["mapping"] = '{',
        ["allowed_event_types"] = '[',
        ["ip_allow_list"] = '[',
        ["dedupe"] = '{',
    };

    private static readonly string[] TemplateFields = ["name", "description", "event_types", "body", "headers", "content_type"];

    private static readonly Dictionary<string, char> TemplateTexts = new()
    {
        ["name"] = 's',
        ["description"] = 's',
        ["event_types"] = '[',
        ["body"] = 's',
        ["headers"] = '{',
        ["content_type"] = 's',
    };

    public static readonly IReadOnlyList<BodyTemplate> All =
    [
        new("app.create", "POST", _ => "/api/v1/apps", [("name", "\"Fuzz app\"")], ["name", "uid", "metadata"], _ => "apps")
        {
            Texts = new Dictionary<string, char> { ["name"] = 's', ["uid"] = 's', ["metadata"] = '{' },
        },
        new("app.patch", "PATCH", w => $"/api/v1/apps/{w.AppA}", [], ["name", "uid", "metadata"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["name"] = 's', ["uid"] = 's', ["metadata"] = '{' },
        },
        new("event_type.create", "POST", _ => "/api/v1/event-types", [("name", "\"fz.{n}\"")], ["name", "description", "schema"], _ => "event_types")
        {
            Texts = new Dictionary<string, char> { ["name"] = 's', ["description"] = 's', ["schema"] = '{' },
        },
        new("event_type.patch", "PATCH", w => $"/api/v1/event-types/{w.EventType}", [], ["description", "schema", "archived"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["description"] = 's', ["schema"] = '{' },
        },
        new("endpoint.create", "POST", w => $"/api/v1/apps/{w.AppA}/endpoints", [("url", "\"https://hooks.example.com/fz/{n}\"")], EndpointFields, _ => "endpoints:A")
        {
            Texts = EndpointTexts,
        },
        new("endpoint.patch", "PATCH", w => $"/api/v1/apps/{w.AppA}/endpoints/{w.EndpointA}", [], EndpointFields, _ => null) { Texts = EndpointTexts },
        new("message.publish", "POST", w => $"/api/v1/apps/{w.AppA}/messages", [("event_type", "\"order.created\""), ("payload", "{\"n\":{n}}")],
            ["event_type", "payload", "event_id", "channels"], _ => "messages:A")
        {
            Texts = new Dictionary<string, char> { ["event_type"] = 's', ["event_id"] = 's', ["channels"] = '[', ["payload"] = '{' },
        },
        new("api_key.create", "POST", w => $"/api/v1/apps/{w.AppA}/api-keys", [("name", "\"fuzz key\"")], ["name"], _ => "api_keys:A")
        {
            Texts = new Dictionary<string, char> { ["name"] = 's' },
        },
        new("secret.rotate", "POST", w => $"/api/v1/apps/{w.AppA}/endpoints/{w.EndpointA}/secret/rotate", [], ["secret", "grace_period_seconds"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["secret"] = 's' },
        },
        new("endpoint.test", "POST", w => $"/api/v1/apps/{w.AppA}/endpoints/{w.EndpointA}/test", [], ["event_type", "payload"], _ => "test:A")
        {
            Texts = new Dictionary<string, char> { ["event_type"] = 's', ["payload"] = '{' },
        },
        new("endpoint.recover", "POST", w => $"/api/v1/apps/{w.AppA}/endpoints/{w.EndpointA}/recover", [("since", "\"2020-01-01T00:00:00Z\"")], ["since", "until"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["since"] = 's', ["until"] = 's' },
        },
        new("source.create", "POST", w => $"/api/v1/apps/{w.AppA}/sources", [("name", "\"fuzz source {n}\"")], SourceFields, _ => "sources:A") { Texts = SourceTexts },
        new("source.patch", "PATCH", w => $"/api/v1/apps/{w.AppA}/sources/{w.SourceA}", [], SourceFields, _ => null) { Texts = SourceTexts },
        new("source.rotate", "POST", w => $"/api/v1/apps/{w.AppA}/sources/{w.SourceA}/secret/rotate", [], ["secret", "grace_period_seconds"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["secret"] = 's' },
        },
        new("template.create", "POST", w => $"/api/v1/apps/{w.AppA}/templates", [("name", "\"fz.{n}\""), ("body", "\"{{ payload }}\"")], TemplateFields, _ => "templates:A")
        {
            Texts = TemplateTexts,
        },
        new("template.patch", "PATCH", w => $"/api/v1/apps/{w.AppA}/templates/{w.TemplateA}", [], TemplateFields, _ => null) { Texts = TemplateTexts },
        new("template.test", "POST", w => $"/api/v1/apps/{w.AppA}/templates/test", [("event_type", "\"order.created\""), ("payload", "{\"n\":{n}}"), ("body", "\"{{ payload }}\"")], ["event_type", "payload", "body", "headers", "content_type"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["event_type"] = 's', ["payload"] = '{', ["body"] = 's', ["headers"] = '{', ["content_type"] = 's' },
        },
        new("template.rollback", "POST", w => $"/api/v1/apps/{w.AppA}/templates/{w.TemplateA}/rollback", [("version", "1")], ["version"], _ => null),
        new("alert_rule.create", "POST", w => $"/api/v1/apps/{w.AppA}/alert-rules", [("metric", "\"backlog\""), ("threshold", "10"), ("period", "\"5m\"")],
            ["metric", "threshold", "period", "endpoint_id"], _ => "alert_rules:A")
        {
            Texts = new Dictionary<string, char> { ["metric"] = 's', ["period"] = 's', ["endpoint_id"] = 's' },
        },
        new("alert_rule.patch", "PATCH", w => $"/api/v1/apps/{w.AppA}/alert-rules/{w.AlertRuleA}", [], ["metric", "threshold", "period", "endpoint_id"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["metric"] = 's', ["period"] = 's', ["endpoint_id"] = 's' },
        },
        new("portal_link.create", "POST", w => $"/api/v1/apps/{w.AppA}/portal-links", [], ["expires_in_seconds", "session_seconds", "branding"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["branding"] = '{' },
        },
        new("deliveries.replay", "POST", w => $"/api/v1/apps/{w.AppA}/deliveries/replay", [], ["endpoint_id", "since", "until"], _ => null)
        {
            Texts = new Dictionary<string, char> { ["endpoint_id"] = 's', ["since"] = 's', ["until"] = 's' },
        },
    ];

    /// <summary>The fields of an endpoint's <c>retry_policy</c>, with a valid value each.</summary>
    public static readonly IReadOnlyList<(string Field, string Json)> RetryPolicyFields =
    [
        ("schedule_seconds", "[0.5,1]"), ("max_attempts", "3"), ("initial_delay_seconds", "0.5"), ("backoff_multiplier", "2"), ("max_delay_seconds", "60"),
        ("jitter", "0.1"), ("retry_on_status_codes", "[500,503]"),
    ];

    /// <summary><paramref name="depth"/> levels of nesting, closed or left open.</summary>
    public static string Nested(int depth, bool objects, bool closed)
    {
        var text = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            text.Append(objects ? "{\"a\":" : "[");
        }
        text.Append('1');
        if (closed)
        {
            text.Append(objects ? '}' : ']', depth);
        }
        return text.ToString();
    }
}
