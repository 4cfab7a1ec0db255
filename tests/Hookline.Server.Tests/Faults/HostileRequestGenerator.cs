using System.Text;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Builds the hostile requests: first a catalog that covers every route's every field with wrong types,
/// text edge cases, oversize and deep values, forbidden URLs, other tenants' ids and bad query strings;
/// then seeded random mutations (several fields, corrupted JSON) up to the wanted count.
/// </summary>
public sealed partial class HostileRequestGenerator(HostileWorld world, int maxPayloadBytes, Random random)
{
    private const string Structural = "{}[]\",:\\'";

    private int _n;

    public List<HostileRequest> Generate(int count)
    {
        var all = new List<HostileRequest>();
        all.AddRange(WrongTypes());
        all.AddRange(TextEdgeCases());
        all.AddRange(InvalidUtf8());
        all.AddRange(ExtremeNumbers());
        all.AddRange(HeaderCharacters());
        all.AddRange(Oversize());
        all.AddRange(DeepNesting());
        all.AddRange(ForbiddenTargets());
        all.AddRange(HeaderInjection());
        all.AddRange(OtherTenant());
        all.AddRange(BadQueries());
        all.AddRange(BadRoutesAndMedia());
        while (all.Count < count)
        {
            all.Add(RandomMutation());
        }
        // Shuffled, so concurrent requests mix categories as real traffic would.
        return all.OrderBy(_ => random.Next()).ToList();
    }

    private int Next() => Interlocked.Increment(ref _n);

    private HostileRequest Json(string category, string label, BodyTemplate t, string body, HostileCaller caller = HostileCaller.Admin) =>
        new(category, label, t.Method, t.Path(world))
        {
            Body = Encoding.UTF8.GetBytes(body),
            Creates = t.Creates(world),
            Caller = caller,
        };

    private IEnumerable<HostileRequest> WrongTypes()
    {
        foreach (var t in HostileBodies.All)
        {
            foreach (var field in t.Optional)
            {
                foreach (var value in HostileValues.WrongTypes)
                {
                    yield return Json("wrong type", $"{t.Name}.{field} = {value}", t, t.Render(Next(), (field, value)));
                }
            }
            yield return Json("wrong type", $"{t.Name} unknown field", t, t.Render(Next(), ("bogus_field", "1")));
        }
        var endpoint = HostileBodies.All.Single(t => t.Name == "endpoint.create");
        foreach (var (field, _) in HostileBodies.RetryPolicyFields)
        {
            foreach (var value in HostileValues.WrongTypes.Append("[1e400]").Append("[-1]").Append("[\"5\"]").Append("1e308"))
            {
                var policy = $"{{\"{field}\":{value}}}";
                yield return Json("wrong type", $"retry_policy.{field} = {value}", endpoint, endpoint.Render(Next(), ("retry_policy", policy)));
            }
        }
        foreach (var (field, value) in new[] { ("headers", "{\"X-A\":1}"), ("headers", "{\"X-A\":null}"), ("metadata", "{\"k\":{}}"), ("metadata", "{\"k\":null}"), ("event_types", "[null]"), ("channels", "[1]") })
        {
            yield return Json("wrong type", $"endpoint.create.{field} = {value}", endpoint, endpoint.Render(Next(), (field, value)));
        }
    }

    private IEnumerable<HostileRequest> TextEdgeCases()
    {
        foreach (var t in HostileBodies.All)
        {
            foreach (var field in t.Texts.Keys)
            {
                foreach (var text in HostileValues.Unicode)
                {
                    yield return Json("unicode", $"{t.Name}.{field} = {Short(text)}", t, t.Render(Next(), (field, t.PlaceText(field, text))));
                }
            }
        }
        // Unique names made of awkward but valid text, so some of these are accepted and must read back fine.
        var app = HostileBodies.All.Single(t => t.Name == "app.create");
        foreach (var text in HostileValues.Unicode)
        {
            yield return Json("unicode", $"app.create name {Short(text)} + suffix", app, app.Render(Next(), ("name", text[..^1] + $" {Next()}\"")));
        }
    }

    private IEnumerable<HostileRequest> Oversize()
    {
        var publish = HostileBodies.All.Single(t => t.Name == "message.publish");
        // Payload text is {"s":"…"}: 8 bytes around the string.
        foreach (var size in new[] { maxPayloadBytes - 8, maxPayloadBytes - 7, maxPayloadBytes + 1, maxPayloadBytes * 2, maxPayloadBytes * 8 })
        {
            var payload = "{\"s\":\"" + new string('x', size) + "\"}";
            yield return Json("oversize", $"payload of {payload.Length} bytes (limit {maxPayloadBytes})", publish, publish.Render(Next(), ("payload", payload)))
                with
            { MayDropConnection = size > maxPayloadBytes * 2 };
        }
        var escaped = "{\"s\":\"" + string.Concat(Enumerable.Repeat("\\u0041", (maxPayloadBytes / 6) + 10)) + "\"}";
        yield return Json("oversize", "payload near the limit written as \\u escapes", publish, publish.Render(Next(), ("payload", escaped)));
        foreach (var t in HostileBodies.All)
        {
            foreach (var field in t.Texts.Where(f => f.Value == 's').Select(f => f.Key))
            {
                foreach (var length in new[] { 256, 257, 4097, 8193, 100_000 })
                {
                    var text = "\"" + new string('a', length) + "\"";
                    yield return Json("oversize", $"{t.Name}.{field} of {length} characters", t, t.Render(Next(), (field, text)));
                }
            }
        }
        var endpoint = HostileBodies.All.Single(t => t.Name == "endpoint.create");
        foreach (var (field, count) in new[] { ("metadata", 50), ("metadata", 51), ("headers", 50), ("headers", 51), ("metadata", 5000) })
        {
            var map = "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"X-K{i}\":\"v\"")) + "}";
            yield return Json("oversize", $"endpoint.create.{field} with {count} entries", endpoint, endpoint.Render(Next(), (field, map)));
        }
        foreach (var (field, count) in new[] { ("event_types", 100), ("event_types", 101), ("channels", 10), ("channels", 11), ("event_types", 20_000) })
        {
            var list = "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"e.{i}\"")) + "]";
            yield return Json("oversize", $"endpoint.create.{field} with {count} items", endpoint, endpoint.Render(Next(), (field, list)));
        }
        yield return Json("oversize", "retry_policy with 51 delays", endpoint,
            endpoint.Render(Next(), ("retry_policy", "{\"schedule_seconds\":[" + string.Join(",", Enumerable.Repeat("1", 51)) + "]}")));
        yield return Json("oversize", "header value of 8193 characters", endpoint,
            endpoint.Render(Next(), ("headers", "{\"X-Big\":\"" + new string('v', 8193) + "\"}")));
    }

    private IEnumerable<HostileRequest> DeepNesting()
    {
        var publish = HostileBodies.All.Single(t => t.Name == "message.publish");
        var endpoint = HostileBodies.All.Single(t => t.Name == "endpoint.create");
        var eventType = HostileBodies.All.Single(t => t.Name == "event_type.create");
        foreach (var depth in new[] { 10_000, 1000, 65, 64, 62 })
        {
            foreach (var objects in new[] { true, false })
            {
                var inner = HostileBodies.Nested(depth, objects, closed: true);
                var what = $"{depth} levels of {(objects ? "objects" : "arrays")}";
                yield return Json("deep nesting", "payload with " + what, publish, publish.Render(Next(), ("payload", "{\"d\":" + inner + "}")));
                yield return Json("deep nesting", "filter with " + what, endpoint, endpoint.Render(Next(), ("filter", "{\"d\":" + inner + "}")));
                yield return Json("deep nesting", "schema with " + what, eventType, eventType.Render(Next(), ("schema", "{\"d\":" + inner + "}")));
            }
        }
        yield return Json("deep nesting", "10,000 unclosed arrays", publish, publish.Render(Next(), ("payload", HostileBodies.Nested(10_000, false, closed: false))));
        yield return Json("deep nesting", "whole body 10,000 levels deep", publish, HostileBodies.Nested(10_000, true, closed: true));
    }

    private IEnumerable<HostileRequest> ForbiddenTargets()
    {
        var create = HostileBodies.All.Single(t => t.Name == "endpoint.create");
        var patch = HostileBodies.All.Single(t => t.Name == "endpoint.patch");
        foreach (var url in HostileValues.ForbiddenUrls)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(url);
            yield return Json("ssrf", $"url {url}", create, create.Render(Next(), ("url", json))) with { MustReject = true };
            yield return Json("ssrf", $"failover_url {url}", create, create.Render(Next(), ("failover_url", json))) with { MustReject = true };
            yield return Json("ssrf", $"patch url {url}", patch, patch.Render(Next(), ("url", json))) with { MustReject = true };
        }
    }

    private IEnumerable<HostileRequest> HeaderInjection()
    {
        var endpoint = HostileBodies.All.Single(t => t.Name == "endpoint.create");
        string[] maps =
        [
            "{\"X-A\\r\\nInjected\":\"v\"}", "{\"X-A\":\"v\\r\\nInjected: 1\"}", "{\"X-A\":\"v\\nInjected: 1\"}", "{\"X-A\":\"v\\r\"}", "{\"X-A\":\"\\u0000\"}",
            "{\"X A\":\"v\"}", "{\"X-A:\":\"v\"}", "{\"\":\"v\"}", "{\"Host\":\"evil.example\"}", "{\"webhook-signature\":\"v1,forged\"}",
            "{\"Content-Length\":\"0\"}", "{\"Transfer-Encoding\":\"chunked\"}", "{\"X-Webhook-Delivery-Id\":\"att_forged\"}", "{\"X-Ü\":\"v\"}",
            "{\"X-A\":\"\\u0085next line\"}", "{\"X-A\":\"\\u2028\"}", "{\"x-a\":\"1\",\"X-A\":\"2\"}",
        ];
        foreach (var map in maps)
        {
            yield return Json("header injection", $"endpoint headers {map}", endpoint, endpoint.Render(Next(), ("headers", map)));
        }
        var publish = HostileBodies.All.Single(t => t.Name == "message.publish");
        foreach (var key in new[] { new string('k', 256), new string('k', 10_000), "\t", " ", "ключ" })
        {
            yield return Json("header injection", $"Idempotency-Key {Short(key)}", publish, publish.Render(Next())) with
            {
                Headers = new Dictionary<string, string> { ["Idempotency-Key"] = key },
            };
        }
        foreach (var raw in HostileRawRequests.All(world))
        {
            yield return raw;
        }
    }

    private IEnumerable<HostileRequest> OtherTenant()
    {
        var a = world.AppA;
        var b = world.AppB;
        (string Method, string Path, string? Body)[] requests =
        [
            ("GET", $"/api/v1/apps/{b}", null), ("GET", $"/api/v1/apps/{world.AppBUid}", null), ("PATCH", $"/api/v1/apps/{b}", "{\"name\":\"taken\"}"),
            ("DELETE", $"/api/v1/apps/{b}", null), ("DELETE", $"/api/v1/apps/{a}", null), ("POST", "/api/v1/apps", "{\"name\":\"by tenant\"}"),
            ("POST", "/api/v1/event-types", "{\"name\":\"tenant.made\"}"), ("PATCH", $"/api/v1/event-types/{world.EventType}", "{\"archived\":true}"),
            ("DELETE", $"/api/v1/event-types/{world.EventType}", null),
            ("GET", $"/api/v1/apps/{b}/endpoints", null), ("POST", $"/api/v1/apps/{b}/endpoints", "{\"url\":\"https://hooks.example.com/x\"}"),
            ("GET", $"/api/v1/apps/{b}/endpoints/{world.EndpointB}", null), ("GET", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}", null),
            ("PATCH", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}", "{\"disabled\":true}"), ("DELETE", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}", null),
            ("GET", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}/secret", null), ("POST", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}/secret/rotate", "{}"),
            ("GET", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}/stats", null), ("POST", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}/test", "{}"),
            ("POST", $"/api/v1/apps/{a}/endpoints/{world.EndpointB}/recover", "{\"since\":\"2020-01-01T00:00:00Z\"}"),
            ("GET", $"/api/v1/apps/{b}/messages", null), ("POST", $"/api/v1/apps/{b}/messages", "{\"event_type\":\"a.b\",\"payload\":{}}"),
            ("GET", $"/api/v1/apps/{a}/messages/{world.MessageB}", null), ("GET", $"/api/v1/apps/{a}/messages/{world.MessageB}/deliveries", null),
            ("GET", $"/api/v1/apps/{b}/deliveries", null), ("GET", $"/api/v1/apps/{a}/deliveries/{world.DeliveryB}", null),
            ("POST", $"/api/v1/apps/{a}/deliveries/{world.DeliveryB}/retry", "{}"), ("POST", $"/api/v1/apps/{a}/deliveries/replay", $"{{\"endpoint_id\":\"{world.EndpointB}\"}}"),
            ("GET", $"/api/v1/apps/{b}/api-keys", null), ("POST", $"/api/v1/apps/{b}/api-keys", "{\"name\":\"x\"}"),
            ("DELETE", $"/api/v1/apps/{a}/api-keys/{world.KeyBId}", null), ("DELETE", $"/api/v1/apps/{b}/api-keys/{world.KeyBId}", null),
        ];
        foreach (var (method, path, body) in requests)
        {
            yield return new HostileRequest("other tenant", "tenant A's key", method, path)
            {
                Body = body is null ? null : Encoding.UTF8.GetBytes(body),
                Caller = HostileCaller.TenantA,
                MustReject = true,
                CrossTenant = true,
            };
        }
        // Filters naming B's ids inside A's own lists: may answer 200, but with nothing of B.
        foreach (var query in new[] { $"deliveries?endpoint_id={world.EndpointB}", $"deliveries?message_id={world.MessageB}", $"messages?event_type={world.EventType}", "endpoints" })
        {
            yield return new HostileRequest("other tenant", "tenant A's list filtered by B's ids", "GET", $"/api/v1/apps/{a}/{query}")
            {
                Caller = HostileCaller.TenantA,
                CrossTenant = true,
            };
        }
        yield return new HostileRequest("other tenant", "tenant A lists apps", "GET", "/api/v1/apps") { Caller = HostileCaller.TenantA, CrossTenant = true };
        yield return new HostileRequest("other tenant", "tenant A lists event types", "GET", "/api/v1/event-types") { Caller = HostileCaller.TenantA, CrossTenant = true };
        foreach (var path in new[] { $"/api/v1/apps/{a}", "/api/v1/apps", $"/api/v1/apps/{a}/messages" })
        {
            yield return new HostileRequest("auth", "no key", "GET", path) { Caller = HostileCaller.Nobody, MustReject = true };
        }
    }

    private IEnumerable<HostileRequest> BadQueries()
    {
        string[] lists =
        [
            "/api/v1/apps", "/api/v1/event-types", $"/api/v1/apps/{world.AppA}/endpoints", $"/api/v1/apps/{world.AppA}/messages",
            $"/api/v1/apps/{world.AppA}/deliveries",
        ];
        var garbageIterator = Convert.ToBase64String(Enumerable.Range(0, 48).Select(_ => (byte)random.Next(256)).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string[] queries =
        [
            "limit=-1", "limit=0", "limit=251", "limit=abc", "limit=1e3", "limit=99999999999999", "limit=", "limit=1&limit=2", "limit=%00",
            "iterator=garbage!!", "iterator=" + garbageIterator, "iterator=%00", "iterator=AA", "iterator=" + new string('A', 5000), "iterator=%F0%9F%98",
            "since=garbage", "since=0000-00-00", "since=9999-12-31T23:59:59-14:00", "since=0001-01-01T00:00:00%2B14:00", "since=2026-13-45",
            "since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z", "until=1e9", "since=%00", "status=bogus", "status=", "status=DEAD",
            "event_type=%00", "event_type=" + new string('e', 3000), "channel=%E2%80%AE", "include_archived=maybe", "endpoint_id=%27%20OR%201%3D1",
            "message_id=msg_%00", "%zz=1", "a=%",
        ];
        foreach (var list in lists)
        {
            foreach (var query in queries)
            {
                yield return new HostileRequest("query", query, "GET", $"{list}?{query}");
            }
        }
        string[] ids = ["%00", "%FF", "%ED%A0%80", "..%2F..%2Fhealthz", new string('z', 3000), "app_%2F", "%E2%80%AE", "'%20OR%201=1", "null", "%20"];
        foreach (var id in ids)
        {
            yield return new HostileRequest("query", $"path id {Short(id)}", "GET", $"/api/v1/apps/{id}");
            yield return new HostileRequest("query", $"path id {Short(id)}", "GET", $"/api/v1/apps/{world.AppA}/endpoints/{id}");
            yield return new HostileRequest("query", $"path id {Short(id)}", "GET", $"/api/v1/apps/{world.AppA}/messages/{id}/deliveries");
            yield return new HostileRequest("query", $"path id {Short(id)}", "GET", $"/api/v1/apps/{world.AppA}/deliveries/{id}");
            yield return new HostileRequest("query", $"path id {Short(id)}", "GET", $"/api/v1/event-types/{id}");
            yield return new HostileRequest("query", $"path id {Short(id)}", "DELETE", $"/api/v1/apps/{world.AppA}/api-keys/{id}");
        }
    }

    private IEnumerable<HostileRequest> BadRoutesAndMedia()
    {
        var publish = HostileBodies.All.Single(t => t.Name == "message.publish");
        var endpointPatch = HostileBodies.All.Single(t => t.Name == "endpoint.patch");
        foreach (var t in new[] { publish, endpointPatch })
        {
            var body = t.Render(Next());
            foreach (var contentType in new string?[] { null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json", "APPLICATION/JSON", "application/json; charset=utf-16", "application/json; charset=bogus", "application/xml" })
            {
                yield return Json("media type", $"{t.Name} as {contentType ?? "(none)"}", t, body) with { ContentType = contentType };
            }
            yield return Json("media type", $"{t.Name} as UTF-16 bytes", t, "") with
            {
                Body = Encoding.Unicode.GetBytes(body),
                ContentType = "application/json; charset=utf-16",
            };
        }
        foreach (var (method, path) in new[] { ("PUT", "/api/v1/apps"), ("DELETE", "/api/v1/apps"), ("PATCH", "/api/v1/apps"), ("TRACE", "/api/v1/apps"), ("GET", "/api/v1/nope"), ("POST", "/api/v1/apps/x/y/z"), ("GET", "/api/v2/apps"), ("BREW", "/api/v1/apps") })
        {
            yield return new HostileRequest("route", $"{method} {path}", method, path);
        }
    }

    private HostileRequest RandomMutation()
    {
        var t = HostileBodies.All[random.Next(HostileBodies.All.Count)];
        var set = new List<(string, string)>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var field = t.Optional[random.Next(t.Optional.Count)];
            var value = random.Next(3) switch
            {
                0 when t.Texts.ContainsKey(field) => t.PlaceText(field, HostileValues.Unicode[random.Next(HostileValues.Unicode.Count)]),
                _ => HostileValues.WrongTypes[random.Next(HostileValues.WrongTypes.Count)],
            };
            set.RemoveAll(s => s.Item1 == field);
            set.Add((field, value));
        }
        var text = t.Render(Next(), [.. set]);
        var label = string.Join(", ", set.Select(s => $"{s.Item1}={Short(s.Item2)}"));
        if (random.Next(100) < 45)
        {
            (text, var how) = Corrupt(text);
            return Json("broken json", $"{t.Name} {label}, {how}", t, text);
        }
        return Json("random mutation", $"{t.Name} {label}", t, text);
    }

    private (string Text, string How) Corrupt(string text)
    {
        var at = random.Next(text.Length);
        return random.Next(10) switch
        {
            0 => (text[..at], $"cut at {at}"),
            1 => (text.Remove(at, 1), $"char {at} removed"),
            2 => (text.Insert(at, Structural[random.Next(Structural.Length)].ToString()), $"char inserted at {at}"),
            3 => (text.Replace('"', '\''), "single quotes"),
            4 => (text[..^1] + ",}", "trailing comma"),
            5 => ("/*c*/" + text, "comment"),
            6 => (text + text, "two documents"),
            7 => (text.Replace(":", ":NaN,\"z\":", StringComparison.Ordinal), "NaN literal"),
            8 => (text.Insert(1, "\"a\":1,\"a\":2,"), "duplicate keys"),
            _ => (new[] { "", " ", "null", "[]", "\"s\"", "123", "{", "}", "\uFEFF" + text, "{\"\":}" }[random.Next(10)], "replaced"),
        };
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..37] + "…";
}
