using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Inbound;
using Hookline.Server.Tests.Support;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Hostile senders against <c>/in</c>: broken and awkward JSON, wrong types in mapped fields, bad signatures, odd
/// media types and source ids. Never a 5xx, every refusal problem+json, and exactly one event and one message
/// per accepted request.
/// </summary>
public sealed class IntakeHostileInputTests(ITestOutputHelper output)
{
    private const int MaxBodyBytes = 8 * 1024;
    private const string Secret = "intake-hostile-secret-0123456789";

    [Fact]
    public async Task HostileIntakeRequests_NeverGet5xx_AndOnlyAcceptedOnesWriteEvents()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:RunDispatcher"] = "false",
            ["Hookline:Inbound:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Error",
        });
        var app = (await host.Admin.CreateAppAsync("Intake", "intake")).Str("id");
        await host.Admin.CreateEndpointAsync(app, new { url = "https://example.com/in" });
        var plain = (await host.Admin.CreateSourceAsync(app, new { name = "Plain", uid = "plain" })).Str("id");
        var mapped = (await host.Admin.CreateSourceAsync(app, new
        {
            name = "Mapped CDR",
            mapping = new
            {
                customer_id_field = "msisdn",
                event_type_field = "cdr_type",
                timestamp_field = "event_time",
                value_field = "duration",
                metadata_fields = new Dictionary<string, string> { ["cell"] = "cells[0].id", ["raw"] = "extra" },
            },
            dedupe = new { path = "ref" },
        })).Str("id");
        var signed = (await host.Admin.CreateSourceAsync(app, new { name = "Signed", verification = new { type = "hmac", header = "X-Signature", secret = Secret } })).Str("id");

        var requests = Generate(new Random(20260301), plain, mapped, signed).ToList();
        using var sender = host.Client(apiKey: null);
        var answers = new ConcurrentBag<(string Label, int Status, string? Media, string Body, bool Duplicate)>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, r.Path) { Content = new ByteArrayContent(r.Body) };
            if (r.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            }
            foreach (var (name, value) in r.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await sender.SendAsync(request);
            answers.Add((r.Label, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(),
                response.Headers.Contains("Hookline-Duplicate")));
        });

        var failures = new List<string>();
        foreach (var a in answers)
        {
            if (a.Status >= 500)
            {
                failures.Add($"5xx for {a.Label}: {a.Body}");
            }
            // Kestrel refuses a NUL in the path before the application runs, with an empty 400.
            else if (a.Status >= 400 && a.Media != "application/problem+json" && !(a.Label.Contains("%00", StringComparison.Ordinal) && a.Body.Length == 0))
            {
                failures.Add($"{a.Status} without problem+json for {a.Label}: {a.Body}");
            }
        }
        var accepted = answers.Where(a => a.Status == 202).ToList();
        var firsts = accepted.Where(a => !a.Duplicate).Select(a => JsonNode.Parse(a.Body).Str("event_id")).ToHashSet();
        var statuses = answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
        output.WriteLine($"{answers.Count} intake requests; answers {string.Join(" ", statuses)}; {firsts.Count} events written");
        failures.ForEach(f => output.WriteLine("FAIL " + f));

        failures.ShouldBeEmpty($"{failures.Count} bad answers, first: {string.Join("\n", failures.Take(5))}");
        var events = await CountAsync(host.Admin, $"/api/v1/apps/{app}/events");
        var messages = await CountAsync(host.Admin, $"/api/v1/apps/{app}/messages");
        events.ShouldBe(firsts.Count);
        messages.ShouldBe(firsts.Count);
        accepted.Count.ShouldBeGreaterThan(0);
        answers.Count(a => a.Status is >= 400 and < 500).ShouldBeGreaterThan(requests.Count / 2);
        (await host.Admin.GetJsonAsync("/readyz")).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<int> CountAsync(HttpClient admin, string path)
    {
        var total = 0;
        string? iterator = null;
        do
        {
            var (_, page) = await admin.GetJsonAsync(path + "?limit=250" + (iterator is null ? "" : "&iterator=" + iterator));
            total += page!["data"]!.AsArray().Count;
            iterator = page["done"]!.GetValue<bool>() ? null : page.Str("iterator");
        }
        while (iterator is not null);
        return total;
    }

    private sealed record Sent(string Label, string Path, byte[] Body, string? ContentType = "application/json")
    {
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    }

    private static Sent Json(string label, string path, string json, string? contentType = "application/json") => new(label, path, Encoding.UTF8.GetBytes(json), contentType);

    private static IEnumerable<Sent> Generate(Random random, string plain, string mapped, string signed)
    {
        var values = HostileValues.WrongTypes.Concat(HostileValues.Unicode).ToList();
        foreach (var v in values)
        {
            yield return Json($"plain customer_id={v}", $"/in/{plain}", $$"""{"customer_id":{{v}},"event_type":"app_login"}""");
            yield return Json($"plain event_type={v}", $"/in/{plain}", $$"""{"customer_id":"c","event_type":{{v}}}""");
            yield return Json($"plain timestamp={v}", $"/in/{plain}", $$"""{"customer_id":"c","event_type":"t","timestamp":{{v}}}""");
            yield return Json($"plain value={v}", $"/in/{plain}", $$"""{"customer_id":"c","event_type":"t","value":{{v}}}""");
            yield return Json($"plain metadata={v}", $"/in/{plain}", $$"""{"customer_id":"c","event_type":"t","metadata":{{v}}}""");
            var key = v.StartsWith('"') ? v : "\"k\"";
            yield return Json("plain metadata key", $"/in/{plain}", "{\"customer_id\":\"c\",\"event_type\":\"t\",\"metadata\":{" + key + ":" + v + "}}");
            yield return Json($"mapped msisdn={v}", $"/in/{mapped}", "{\"msisdn\":" + v + ",\"cdr_type\":\"data_usage\",\"event_time\":1704110400,\"duration\":1,\"ref\":" + v + "}");
            yield return Json($"mapped cells={v}", $"/in/{mapped}", "{\"msisdn\":\"1\",\"cdr_type\":\"data_usage\",\"event_time\":1704110400,\"cells\":" + v + ",\"extra\":" + v + "}");
            yield return Json($"envelope source_name={v}", "/in", "{\"source_name\":" + v + ",\"event\":{\"customer_id\":\"c\",\"event_type\":\"t\"}}");
            yield return Json($"envelope source={v}", "/in", "{\"source\":" + v + ",\"event\":{\"customer_id\":\"c\",\"event_type\":\"t\"}}");
            yield return Json($"envelope event={v}", "/in", "{\"source\":\"plain\",\"event\":" + v + "}");
        }
        foreach (var (name, bytes) in HostileValues.InvalidUtf8)
        {
            var body = Encoding.UTF8.GetBytes("{\"customer_id\":\"c").Concat(bytes).Concat(Encoding.UTF8.GetBytes("\",\"event_type\":\"t\"}")).ToArray();
            yield return new Sent("invalid UTF-8 " + name, $"/in/{plain}", body);
            yield return new Sent("invalid UTF-8 envelope " + name, "/in", body);
        }
        foreach (var broken in new[] { "", "{", "}", "[", "null", "[]", "\"text\"", "12", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1}}", "\u0000", "{\"a\":NaN}" })
        {
            yield return Json($"broken {broken}", $"/in/{plain}", broken);
            yield return Json($"broken envelope {broken}", "/in", broken);
            yield return Json($"broken signed {broken}", $"/in/{signed}", broken);
        }
        yield return Json("deep nesting", $"/in/{plain}", HostileBodies.Nested(200, objects: true, closed: true));
        yield return Json("deep nesting envelope", "/in", HostileBodies.Nested(200, objects: true, closed: true));
        yield return Json("too large", $"/in/{plain}", "{\"customer_id\":\"c\",\"event_type\":\"t\",\"pad\":\"" + new string('x', MaxBodyBytes) + "\"}");
        yield return Json("too large envelope", "/in", "{\"source\":\"plain\",\"pad\":\"" + new string('x', MaxBodyBytes) + "\"}");
        foreach (var type in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-7", "application/json; charset=nope", "*/*", "", "application/json; charset=utf-16" })
        {
            yield return Json($"content type {type}", $"/in/{plain}", """{"customer_id":"c","event_type":"t"}""", type);
        }
        yield return Json("no content type", $"/in/{plain}", """{"customer_id":"c","event_type":"t"}""", null);
        foreach (var id in new[] { "src_01JNOSUCHSOURCE000000000000", "x", new string('a', 3000), "src_%00", "..%2F..%2Fapi", "%F0%9F%98%80", "src_01J' OR '1'='1" })
        {
            yield return Json($"source id {id[..Math.Min(20, id.Length)]}", "/in/" + id, """{"customer_id":"c","event_type":"t"}""");
        }
        const string good = """{"customer_id":"c-1","event_type":"recharge","value":5}""";
        var signature = IntakeClient.HexHmacSha256(Secret, good);
        foreach (var header in new[] { "", signature.ToUpperInvariant(), signature[..^1], "sha256=" + signature, new string('f', 64), "zz", new string('a', 4000), signature + " " + signature })
        {
            yield return Json($"signature {header[..Math.Min(10, header.Length)]}", $"/in/{signed}", good) with { Headers = new Dictionary<string, string> { ["X-Signature"] = header } };
        }
        for (var i = 0; i < 40; i++)
        {
            // Valid requests in between, some repeating a de-duplication key.
            yield return Json($"valid plain {i}", $"/in/{plain}", $$"""{"customer_id":"c-{{i}}","event_type":"app_login","value":{{random.Next(1000)}}}""");
            yield return Json($"valid mapped {i}", $"/in/{mapped}", $$"""{"msisdn":"m-{{i}}","cdr_type":"data_usage","event_time":1704110400,"duration":1.5,"ref":"r-{{i % 10}}"}""");
        }
        yield return Json("valid signed", $"/in/{signed}", good) with { Headers = new Dictionary<string, string> { ["X-Signature"] = signature } };
    }
}
