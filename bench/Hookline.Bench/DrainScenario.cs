using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hookline.Bench;

/// <summary>
/// Drain: a backlog of pending deliveries is written with the engine off, then a server with the
/// engine on is started and timed until the receiver has every delivery and the store has none left;
/// a plain HttpClient loop sends the same number of like requests at the same concurrency for comparison.
/// </summary>
public sealed class DrainScenario(BenchOptions options)
{
    private const string AdminKey = "hk_bench_admin_key";
    private const int Publishers = 16;

    public async Task<DrainResult> RunAsync()
    {
        await using var receiver = await CountingReceiver.StartAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hookline-bench-" + Guid.NewGuid().ToString("N"));
        var port = HooklineProcess.FreePort();
        using var api = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var payload = Payload(options.PayloadBytes);
        var messages = (options.Count + options.Endpoints - 1) / options.Endpoints;
        var total = messages * options.Endpoints;
        try
        {
            string appId;
            // The backlog is not what is measured, so it is written with NORMAL for speed; the drain runs with the chosen mode.
            using (var seeding = HooklineProcess.Start(port, Settings(dataDirectory, runDispatcher: false, "NORMAL")))
            {
                api.BaseAddress = seeding.BaseAddress;
                await seeding.WaitReadyAsync(api, TimeSpan.FromSeconds(60));
                appId = await SeedAsync(api, receiver, payload, messages);
            }
            Console.WriteLine($"backlog: {total} deliveries ({messages} messages x {options.Endpoints} endpoints), payload {options.PayloadBytes} B");

            var workers = options.Endpoints * options.Concurrency;
            var loop = new BaselineLoop(receiver, payload, options.Endpoints);
            await loop.RunAsync(Math.Min(2_000, total), workers);
            var baseline = await loop.RunAsync(total, workers);
            Console.WriteLine($"baseline: {total} requests in {baseline.TotalSeconds:F2}s");

            receiver.Reset();
            var started = Stopwatch.GetTimestamp();
            var watch = Stopwatch.StartNew();
            using var server = HooklineProcess.Start(port, Settings(dataDirectory, runDispatcher: true, options.Synchronous));
            await server.WaitReadyAsync(api, TimeSpan.FromSeconds(60));
            var ready = watch.Elapsed;
            await UntilAsync(() => Task.FromResult(receiver.Count >= total), TimeSpan.FromMinutes(10), "the receiver to count every delivery");
            var received = watch.Elapsed;
            var firstDelivery = Stopwatch.GetElapsedTime(started, receiver.FirstAt);
            await UntilAsync(() => NoneLeftAsync(api, appId), TimeSpan.FromMinutes(2), "the store to show no delivery left to send");
            var drained = watch.Elapsed;
            return new DrainResult(options, total, baseline, drained, ready, firstDelivery, received, server.PeakRssMiB(), receiver.Count);
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    private Dictionary<string, string> Settings(string dataDirectory, bool runDispatcher, string synchronous)
    {
        var settings = new Dictionary<string, string>
        {
            ["Hookline:AdminApiKey"] = AdminKey,
            ["Hookline:DataDirectory"] = dataDirectory,
            ["Hookline:AllowPrivateTargets"] = "true",
            ["Hookline:RunDispatcher"] = runDispatcher ? "true" : "false",
            ["Hookline:SqliteSynchronous"] = synchronous,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in options.Extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    private async Task<string> SeedAsync(HttpClient api, CountingReceiver receiver, JsonObject payload, int messages)
    {
        var app = await PostAsync(api, "/api/v1/apps", new { name = "Bench" }, HttpStatusCode.Created);
        var appId = app["id"]!.GetValue<string>();
        for (var e = 0; e < options.Endpoints; e++)
        {
            await PostAsync(api, $"/api/v1/apps/{appId}/endpoints",
                new { url = new Uri(receiver.BaseAddress, $"/endpoint/{e}").ToString(), max_concurrency = options.Concurrency }, HttpStatusCode.Created);
        }
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < messages)
            {
                await PostAsync(api, $"/api/v1/apps/{appId}/messages", new { event_type = "bench.event", payload }, HttpStatusCode.Accepted);
            }
        })));
        return appId;
    }

    private static async Task<bool> NoneLeftAsync(HttpClient api, string appId)
    {
        foreach (var status in new[] { "pending", "sending", "failed" })
        {
            var page = await api.GetFromJsonAsync<JsonObject>($"/api/v1/apps/{appId}/deliveries?status={status}&limit=1");
            if (page!["data"]!.AsArray().Count > 0)
            {
                return false;
            }
        }
        return true;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, object body, HttpStatusCode expected)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    internal static JsonObject Payload(int bytes)
    {
        // {"pad":"…"} is 10 bytes of framing around the padding.
        return new JsonObject { ["pad"] = new string('x', Math.Max(0, bytes - 10)) };
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"timed out after {within} waiting for {what}");
            }
            await Task.Delay(5);
        }
    }
}

public sealed record DrainResult(
    BenchOptions Options,
    int Deliveries,
    TimeSpan Baseline,
    TimeSpan Drain,
    TimeSpan ServerReady,
    TimeSpan FirstDelivery,
    TimeSpan LastReceived,
    double ServerPeakRssMiB,
    long ReceiverCount)
{
    public double HooklineRate => Deliveries / Drain.TotalSeconds;
    public double HooklineSteadyRate => Deliveries / (LastReceived - FirstDelivery).TotalSeconds;
    public double BaselineRate => Deliveries / Baseline.TotalSeconds;
}
