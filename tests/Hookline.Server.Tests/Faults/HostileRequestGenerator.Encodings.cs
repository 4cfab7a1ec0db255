using System.Text;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// The byte- and number-level cases: invalid UTF-8 inside every text field's strings and inside object keys,
/// extreme numbers in every numeric field, and header names and values no HTTP request can carry. A refusal
/// of each must name the field it is about.
/// </summary>
public sealed partial class HostileRequestGenerator
{
    private const string Mark = "MARK";

    /// <summary>Extreme JSON numbers: the largest doubles, a subnormal, 2^63, negative zero, a fraction and a 40-digit integer.</summary>
    private static readonly string[] ExtremeNumberValues =
        ["1e308", "-1e308", "1e-320", "9223372036854775808", "-0", "1.5", "1234567890123456789012345678901234567890"];

    /// <summary>Each numeric field: the body field it is set through, the JSON around the number, whether it takes whole numbers, and whether it has an upper bound.</summary>
    private static readonly (string Template, string Field, string Around, string Named, bool Integer, bool Bounded)[] NumericFields =
    [
        ("endpoint.create", "timeout_seconds", "#", "timeout_seconds", true, true),
        ("endpoint.patch", "timeout_seconds", "#", "timeout_seconds", true, true),
        ("endpoint.create", "max_concurrency", "#", "max_concurrency", true, true),
        ("endpoint.patch", "max_concurrency", "#", "max_concurrency", true, true),
        ("endpoint.create", "rate_limit_per_second", "#", "rate_limit_per_second", false, true),
        ("endpoint.patch", "rate_limit_per_second", "#", "rate_limit_per_second", false, true),
        ("endpoint.create", "rate_limit_per_minute", "#", "rate_limit_per_minute", false, true),
        ("endpoint.patch", "rate_limit_per_minute", "#", "rate_limit_per_minute", false, true),
        ("endpoint.create", "retry_policy", "{\"max_attempts\":#}", "max_attempts", true, true),
        ("endpoint.create", "retry_policy", "{\"schedule_seconds\":[#]}", "schedule_seconds", false, true),
        ("endpoint.create", "retry_policy", "{\"initial_delay_seconds\":#}", "initial_delay_seconds", false, true),
        ("endpoint.create", "retry_policy", "{\"backoff_multiplier\":#}", "backoff_multiplier", false, true),
        ("endpoint.create", "retry_policy", "{\"max_delay_seconds\":#}", "max_delay_seconds", false, true),
        ("endpoint.create", "retry_policy", "{\"jitter\":#}", "jitter", false, true),
        ("endpoint.create", "retry_policy", "{\"retry_on_status_codes\":[#]}", "retry_on_status_codes", true, true),
        ("endpoint.patch", "retry_policy", "{\"max_attempts\":#}", "max_attempts", true, true),
        ("secret.rotate", "grace_period_seconds", "#", "grace_period_seconds", false, true),
        ("source.create", "rate_limit_per_second", "#", "rate_limit_per_second", false, true),
        ("source.patch", "rate_limit_per_second", "#", "rate_limit_per_second", false, true),
        ("source.create", "verification", "{\"type\":\"hmac\",\"header\":\"X-Sig\",\"timestamp_header\":\"X-Ts\",\"tolerance_seconds\":#}", "tolerance_seconds", true, true),
        ("source.rotate", "grace_period_seconds", "#", "grace_period_seconds", true, true),
        ("template.rollback", "version", "#", "version", true, true),
        ("alert_rule.create", "threshold", "#", "threshold", false, false),
        ("alert_rule.patch", "threshold", "#", "threshold", false, false),
        ("alert_rule.create", "period", "#", "period", false, true),
        ("alert_rule.patch", "period", "#", "period", false, true),
        ("portal_link.create", "expires_in_seconds", "#", "expires_in_seconds", false, true),
        ("portal_link.create", "session_seconds", "#", "session_seconds", false, true),
    ];

    /// <summary>Header names no HTTP request can carry: non-ASCII letters, DEL, control characters, separators, emoji.</summary>
    private static readonly string[] BadHeaderNames = ["X-\\u00e9", "X-\\u00ff", "X-\\u007f", "X-\\u0001", "X-A\\t", "X-\\ud83d\\ude00", "X-A(", "X-\\u0080", "\\u65e5\\u672c"];

    /// <summary>Header values no HTTP/1.1 request carries as sent: non-ASCII text, DEL, C0 and C1 controls, a line separator, emoji.</summary>
    private static readonly string[] BadHeaderValues = ["caf\\u00e9", "\\u00ff", "\\u65e5\\u672c", "a\\u007fb", "a\\u0001b", "a\\u0080b", "v\\u2028", "\\ud83d\\ude00", "a\\u001bb"];

    private IEnumerable<HostileRequest> InvalidUtf8()
    {
        foreach (var t in HostileBodies.All)
        {
            foreach (var (field, shape) in t.Texts)
            {
                foreach (var (where, json) in Containers(field, shape))
                {
                    foreach (var (name, bytes) in HostileValues.InvalidUtf8)
                    {
                        yield return Json("invalid utf-8", $"{t.Name}.{field} {where} with {name}", t, "") with
                        {
                            Body = Splice(t.Render(Next(), (field, json)), bytes),
                            Field = field,
                            MustReject = true,
                        };
                    }
                }
            }
            foreach (var (name, bytes) in HostileValues.InvalidUtf8)
            {
                // In a field name of the body itself: no field of that name exists, and the name can't even be shown as sent.
                var text = t.Render(Next(), ($"fi{Mark}eld", "1"));
                yield return Json("invalid utf-8", $"{t.Name} field name with {name}", t, "") with { Body = Splice(text, bytes), Field = "$", MustReject = true };
            }
        }
    }

    /// <summary>Where in a field's value the invalid bytes go (at <see cref="Mark"/>): its strings, and the keys of the objects it holds.</summary>
    private static IEnumerable<(string Where, string Json)> Containers(string field, char shape) => field switch
    {
        "verification" => [("string", $"{{\"type\":\"hmac\",\"header\":\"X-a{Mark}\"}}"), ("key", $"{{\"ty{Mark}pe\":\"hmac\"}}")],
        "mapping" => [("string", $"{{\"event_type\":\"a{Mark}\"}}"), ("key", $"{{\"metadata_fields\":{{\"k{Mark}\":\"v\"}}}}"), ("constant key", $"{{\"constants\":{{\"k{Mark}\":1}}}}")],
        "dedupe" => [("string", $"{{\"header\":\"X-a{Mark}\"}}")],
        "branding" => [("string", $"{{\"name\":\"a{Mark}\"}}")],
        "payload" or "schema" or "filter" => [("string", $"{{\"k\":{{\"deep\":[\"a{Mark}\"]}}}}"), ("key", $"{{\"k{Mark}\":\"v\"}}"), ("nested key", $"{{\"k\":{{\"n{Mark}\":1}}}}")],
        _ when shape == '{' => [("value", $"{{\"k\":\"a{Mark}\"}}"), ("key", $"{{\"k{Mark}\":\"v\"}}")],
        _ when shape == '[' => [("string", $"[\"a{Mark}\"]")],
        _ => [("string", $"\"a{Mark}\"")],
    };

    private static byte[] Splice(string text, byte[] bytes)
    {
        var at = text.IndexOf(Mark, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. bytes, .. Encoding.UTF8.GetBytes(text[(at + Mark.Length)..])];
    }

    private IEnumerable<HostileRequest> ExtremeNumbers()
    {
        foreach (var (template, field, around, named, integer, bounded) in NumericFields)
        {
            var t = HostileBodies.All.Single(b => b.Name == template);
            foreach (var value in ExtremeNumberValues)
            {
                var fraction = value is "1.5" or "1e-320";
                var huge = value is "1e308" or "-1e308" or "9223372036854775808" || value.Length > 30;
                yield return Json("extreme number", $"{template}.{named} = {value}", t, t.Render(Next(), (field, around.Replace("#", value, StringComparison.Ordinal)))) with
                {
                    Field = named,
                    MustReject = (integer && (fraction || huge)) || (bounded && huge),
                };
            }
        }
        // Free JSON keeps numbers as sent: a payload, a schema and a filter may hold any of them, stored and read back unchanged.
        var numbers = string.Join(",", ExtremeNumberValues.Select((v, i) => $"\"n{i}\":{v}"));
        var publish = HostileBodies.All.Single(b => b.Name == "message.publish");
        yield return Json("extreme number", "payload of extreme numbers", publish, publish.Render(Next(), ("payload", "{" + numbers + "}"))) with { Field = "payload" };
        var eventType = HostileBodies.All.Single(b => b.Name == "event_type.create");
        var schema = "{\"type\":\"object\",\"properties\":{\"n\":{\"maximum\":1e308,\"minimum\":-1e308,\"multipleOf\":1e-320,\"maxLength\":1234567890123456789012345678901234567890}}}";
        yield return Json("extreme number", "schema of extreme numbers", eventType, eventType.Render(Next(), ("schema", schema))) with { Field = "schema" };
        var endpoint = HostileBodies.All.Single(b => b.Name == "endpoint.create");
        foreach (var value in ExtremeNumberValues)
        {
            yield return Json("extreme number", $"filter compares with {value}", endpoint, endpoint.Render(Next(), ("filter", $"{{\"payload.n\":{{\"$gt\":{value}}}}}"))) with { Field = "filter" };
        }
        string[] lists = ["/api/v1/apps", $"/api/v1/apps/{world.AppA}/endpoints", $"/api/v1/apps/{world.AppA}/messages", $"/api/v1/apps/{world.AppA}/deliveries"];
        foreach (var list in lists)
        {
            foreach (var parameter in new[] { "limit", "offset" })
            {
                foreach (var value in ExtremeNumberValues.Where(v => v != "-0"))
                {
                    yield return new HostileRequest("extreme number", $"{parameter}={value}", "GET", $"{list}?{parameter}={value}") { Field = parameter, MustReject = true };
                }
            }
        }
    }

    private IEnumerable<HostileRequest> HeaderCharacters()
    {
        string[] templates = ["endpoint.create", "endpoint.patch", "template.create", "template.patch", "template.test"];
        foreach (var t in templates.Select(name => HostileBodies.All.Single(b => b.Name == name)))
        {
            foreach (var name in BadHeaderNames)
            {
                yield return Json("header characters", $"{t.Name} header name {name}", t, t.Render(Next(), ("headers", $"{{\"{name}\":\"v\"}}"))) with
                {
                    Field = "headers",
                    MustReject = true,
                };
            }
            foreach (var value in BadHeaderValues)
            {
                yield return Json("header characters", $"{t.Name} header value {value}", t, t.Render(Next(), ("headers", $"{{\"X-A\":\"{value}\"}}"))) with
                {
                    Field = "headers",
                    MustReject = true,
                };
            }
        }
    }
}
