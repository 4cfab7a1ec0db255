using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Thousands of malformed and hostile requests against a running server over real HTTP: never a 5xx, every
/// refusal is problem+json, refused requests write nothing, another tenant's data stays out of reach, and the
/// server is healthy afterwards. Run on each store: PostgreSQL refuses some text SQLite keeps (NUL).
/// </summary>
public abstract class BadInputTests(ITestOutputHelper output)
{
    /// <summary>A server on the store under test, with these settings.</summary>
    protected abstract Task<TestHost> StartAsync(IDictionary<string, string?> settings);

    private const int MaxPayloadBytes = 64 * 1024;
    private const int DefaultSeed = 20260131;

    [Fact]
    public async Task HostileRequests_NeverGet5xx_AreRefusedAsProblemJson_AndWriteNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HOOKLINE_FAULTS_SEED"), out var s) ? s : DefaultSeed;
        var count = FaultScale.Pick(2500, 25_000);
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:AllowPrivateTargets"] = "false",
            ["Hookline:RunDispatcher"] = "false",
            ["Hookline:MaxPayloadBytes"] = MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Error",
        });
        var world = await HostileWorld.CreateAsync(host.Admin);
        var before = await ApiCensus.CountAsync(host.Admin, world);
        var tenantB = await ApiCensus.TenantBAsync(host.Admin, world);
        var requests = new HostileRequestGenerator(world, MaxPayloadBytes, new Random(seed)).Generate(count);
        output.WriteLine($"seed {seed}: {requests.Count} requests");

        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        using var admin = Client(handler, host.BaseAddress, TestHost.AdminKey);
        using var tenantA = Client(handler, host.BaseAddress, world.KeyA);
        using var nobody = Client(handler, host.BaseAddress, null);
        var answers = new ConcurrentBag<HostileAnswer>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, _) =>
        {
            var client = r.Caller switch { HostileCaller.TenantA => tenantA, HostileCaller.Nobody => nobody, _ => admin };
            answers.Add(await SendAsync(client, host.BaseAddress, r));
        });
        var elapsed = watch.Elapsed;

        var failures = new List<string>();
        var kestrelLimit = MaxPayloadBytes + (64 * 1024);
        var expected = new Dictionary<string, long>(before);
        foreach (var a in answers)
        {
            // Kestrel refuses some requests before the application runs (a NUL in the path, a body past its limit).
            var mayDrop = a.Request.MayDropConnection || (a.Request.Body?.Length ?? 0) > kestrelLimit - 1024 || a.Request.Path.Contains("%00", StringComparison.Ordinal);
            if (!a.Answered)
            {
                if (!mayDrop)
                {
                    failures.Add("closed without an answer: " + a.Describe());
                }
                continue;
            }
            if (a.Status >= 500)
            {
                failures.Add("5xx: " + a.Describe());
            }
            else if (a.Status >= 400 && !(mayDrop && a.ProtocolRefusal) && a.ProblemJsonDefect() is { } defect)
            {
                failures.Add($"4xx without a proper problem+json ({defect}): " + a.Describe());
            }
            else if (a.Status >= 400 && !(mayDrop && a.ProtocolRefusal) && a.Request.Field is { } field && !NamesField(a.Body, field))
            {
                failures.Add($"4xx not naming the field '{field}': " + a.Describe());
            }
            else if (a.Status is < 200 or (>= 300 and < 400))
            {
                failures.Add("unexpected status: " + a.Describe());
            }
            if (a.Status is >= 200 and < 300)
            {
                if (a.Request.MustReject)
                {
                    failures.Add("accepted but must be refused: " + a.Describe());
                }
                Count(expected, a);
            }
            // An id the request itself named may be echoed ("app 'x' does not exist"); any other id of B is a leak.
            var named = a.Request.Path + (a.Request.Body is null ? "" : Encoding.UTF8.GetString(a.Request.Body));
            if (a.Request.CrossTenant && world.TenantBIds.FirstOrDefault(id => a.Body.Contains(id, StringComparison.Ordinal) && !named.Contains(id, StringComparison.Ordinal)) is { } leaked)
            {
                failures.Add($"tenant B's '{leaked}' shown to tenant A: " + a.Describe());
            }
        }

        Dictionary<string, long> after;
        string tenantBAfter;
        try
        {
            after = await ApiCensus.CountAsync(host.Admin, world);
            tenantBAfter = await ApiCensus.TenantBAsync(host.Admin, world);
        }
        catch (Exception e) when (e is ShouldAssertException or System.Text.Json.JsonException)
        {
            // What was written can't be read back: report the figures so far, then fail with why.
            failures.ForEach(f => output.WriteLine("FAIL " + f));
            throw new ShouldAssertException($"reading the data back after the hostile requests failed ({failures.Count} bad answers before): {e.Message}", e);
        }
        var healthy = await HealthyAsync(host, world);
        var rowsBy2xx = expected.Sum(e => e.Value - before[e.Key]);
        var rowsUnexplained = after.Sum(e => Math.Abs(e.Value - expected[e.Key]));
        var statuses = answers.Where(a => a.Answered).GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
        FaultLog.Write(output, "bad-input",
            $"seed {seed}, {answers.Count} requests in {elapsed.TotalSeconds:F1}s; answers {string.Join(" ", statuses)}; " +
            $"5xx {answers.Count(a => a.Status >= 500)}, refused by the HTTP layer {answers.Count(a => a.ProtocolRefusal)}, closed without answer {answers.Count(a => !a.Answered)}, " +
            $"bad problem+json {failures.Count(f => f.StartsWith("4xx", StringComparison.Ordinal))}; rows written by 2xx {rowsBy2xx}, by refused requests {rowsUnexplained}; " +
            $"tenant B unchanged {tenantB == tenantBAfter}; healthy after {healthy}");
        foreach (var category in answers.GroupBy(a => a.Request.Category).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {category.Key}: {category.Count()} ({string.Join(" ", category.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))})");
        }
        failures.ForEach(f => output.WriteLine("FAIL " + f));

        failures.ShouldBeEmpty($"{failures.Count} bad answers, first: {string.Join("\n", failures.Take(10))}");
        foreach (var (key, value) in after)
        {
            value.ShouldBe(expected[key], $"{key}: {before[key]} before, {expected[key]} expected from the 2xx answers, {value} found");
        }
        tenantBAfter.ShouldBe(tenantB, "tenant B changed");
        healthy.ShouldBeTrue();
    }

    /// <summary>Whether a problem's detail or one of its <c>errors</c> keys names the field (as <c>field</c>, <c>$.field</c> or <c>parent.field</c>).</summary>
    private static bool NamesField(string problem, string field)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(problem);
        var root = doc.RootElement;
        var detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        var keys = root.TryGetProperty("errors", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name) : [];
        return detail.Contains(field, StringComparison.Ordinal) || keys.Any(k => k.Contains(field, StringComparison.Ordinal));
    }

    private static HttpClient Client(HttpMessageHandler handler, Uri baseAddress, string? key)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    private static async Task<HostileAnswer> SendAsync(HttpClient client, Uri baseAddress, HostileRequest r)
    {
        if (r.Raw is not null)
        {
            var raw = await RawHttp.SendAsync(baseAddress, r.Raw, r.HalfClose, TimeSpan.FromSeconds(60));
            return raw is null ? new HostileAnswer(r, 0, null, "", false) : new HostileAnswer(r, raw.Status, MediaType(raw.ContentType), raw.Body, false);
        }
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (r.Body is not null)
        {
            request.Content = new ByteArrayContent(r.Body);
            request.Content.Headers.Remove("Content-Type");
            if (r.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            }
        }
        foreach (var (name, value) in r.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            using var response = await client.SendAsync(request);
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            return new HostileAnswer(r, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers.Contains("Hookline-Duplicate"));
        }
        catch (HttpRequestException)
        {
            return new HostileAnswer(r, 0, null, "", false);
        }
    }

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Adds what a 2xx answer wrote to the expected census.</summary>
    private static void Count(Dictionary<string, long> expected, HostileAnswer a)
    {
        switch (a.Request.Creates)
        {
            case null:
                return;
            case "test:A":
                expected["messages:A"]++;
                expected["deliveries:A"]++;
                return;
            case "messages:A" when !a.Duplicate:
                expected["messages:A"]++;
                expected["deliveries:A"] += JsonNode.Parse(a.Body)!["deliveries"]!.GetValue<int>();
                return;
            case "messages:A":
                return;
            default:
                expected[a.Request.Creates]++;
                return;
        }
    }

    private static async Task<bool> HealthyAsync(TestHost host, HostileWorld world)
    {
        using var plain = host.Client(null);
        var live = await plain.GetAsync("/healthz");
        var ready = await plain.GetAsync("/readyz");
        var (published, message) = await host.Admin.PostAsync($"/api/v1/apps/{world.AppA}/messages", new { event_type = world.EventType, payload = new { after = "the storm" } });
        var (read, _) = published == HttpStatusCode.Accepted ? await host.Admin.GetJsonAsync($"/api/v1/apps/{world.AppA}/messages/{message.Str("id")}") : (published, null);
        return live.StatusCode == HttpStatusCode.OK && ready.StatusCode == HttpStatusCode.OK && published == HttpStatusCode.Accepted && read == HttpStatusCode.OK;
    }
}

public sealed class SqliteBadInputTests(ITestOutputHelper output) : BadInputTests(output)
{
    protected override Task<TestHost> StartAsync(IDictionary<string, string?> settings) => TestHost.StartAsync(settings);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresFixture postgres, ITestOutputHelper output) : BadInputTests(output)
{
    protected override Task<TestHost> StartAsync(IDictionary<string, string?> settings) => postgres.StartAsync(settings);
}
