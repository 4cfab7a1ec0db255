using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Tests.ScaleOut;
using Hookline.Server.Tests.Support;
using Hookline.Storage;
using Hookline.Storage.Sqlite;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// SQLite on a disk that fills up and frees again: while full, publishes are refused with 503 problem+json
/// and nothing is half-written; afterwards publishing resumes and every message ever answered 202 is delivered.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FullDisk_PublishesAre503_NothingHalfWritten_AndEverythingAcceptedIsDeliveredOnceItFrees()
    {
        // The real thing where this process may mount a tmpfs (root); SQLite's own size cap elsewhere. HOOKLINE_FAULTS_NO_TMPFS=1 forces the cap.
        var why = "HOOKLINE_FAULTS_NO_TMPFS is set";
        using var disk = Environment.GetEnvironmentVariable("HOOKLINE_FAULTS_NO_TMPFS") == "1" ? null : TinyDisk.TryMount(FaultScale.Pick(8, 64), out why);
        var dataDirectory = disk?.Path ?? Path.Combine(Path.GetTempPath(), "hookline-fullcap-" + Guid.NewGuid().ToString("N"));
        var capped = disk is null ? new PageLimitedSqliteDialect(new SqliteDialect($"Data Source={Path.Combine(dataDirectory, "hookline.db")}")) : null;
        IDiskFiller filler = disk is not null ? disk : capped!;
        if (disk is null)
        {
            output.WriteLine($"no tmpfs ({why}): using {filler.How}");
        }
        await using var ledger = await DeliveryLedger.StartAsync();
        var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:DataDirectory"] = dataDirectory,
            // The engine logs every failed write while the disk is full; keep the output to errors.
            ["Logging:LogLevel:Default"] = "Error",
        }, configure: capped is null ? null : b => b.Services.AddSingleton<IHooklineStore>(sp =>
            new RelationalStore(capped, sp.GetRequiredService<ISecretProtector>(), sp.GetRequiredService<TimeProvider>())));
        try
        {
            await RunAsync(host, filler, ledger);
        }
        finally
        {
            await host.DisposeAsync();
            if (disk is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private async Task RunAsync(TestHost host, IDiskFiller disk, DeliveryLedger ledger)
    {
        var perPhase = FaultScale.Pick(100, 1000);
        var app = (await host.Admin.CreateAppAsync("Full disk")).Str("id");
        await host.Admin.CreateEndpointAsync(app, new { url = ledger.Url.ToString(), retry_policy = new { schedule_seconds = new[] { 0.2, 0.5, 1, 1, 1, 1, 1, 1, 1, 1 } } });
        var accepted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // event_id → message id
        var refused = new ConcurrentBag<string>(); // event_ids answered 503
        var unexpected = new ConcurrentQueue<string>();
        var note = new string('n', 2048);
        var counter = 0;

        var replays = 0;
        async Task<HttpStatusCode> PublishAsync(string phase, string? retryOf = null)
        {
            var eventId = retryOf ?? $"{phase}-{Interlocked.Increment(ref counter)}";
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{app}/messages")
            {
                Content = JsonContent.Create(new { event_type = "disk.test", event_id = eventId, payload = new { phase, note } }),
            };
            // The key is remembered only with an answer below 500, so a publish refused for the full disk may be repeated with it.
            request.Headers.Add("Idempotency-Key", eventId);
            using var response = await host.Admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    accepted[eventId] = JsonNode.Parse(body).Str("id");
                    replays += response.Headers.Contains("Idempotent-Replayed") || response.Headers.Contains("Hookline-Duplicate") ? 1 : 0;
                    break;
                case HttpStatusCode.ServiceUnavailable when response.Content.Headers.ContentType?.MediaType == "application/problem+json" && body.Contains("\"status\":503", StringComparison.Ordinal):
                    refused.Add(eventId);
                    break;
                default:
                    unexpected.Enqueue($"{phase}: {(int)response.StatusCode} {response.Content.Headers.ContentType}: {body}");
                    break;
            }
            return response.StatusCode;
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < perPhase; i++)
        {
            (await PublishAsync("before")).ShouldBe(HttpStatusCode.Accepted);
        }

        var ballast = disk.Fill();
        var fullAt = watch.Elapsed;
        // Publish until the store has refused a good number (SQLite may first use room left in its WAL), bounded.
        var during = 0;
        var minimum = FaultScale.Pick(60, 600);
        while ((refused.Count < 20 || during < minimum) && during < 10_000 && watch.Elapsed - fullAt < TimeSpan.FromSeconds(60))
        {
            await PublishAsync("during");
            during++;
        }
        var acceptedWhileFull = accepted.Keys.Count(k => k.StartsWith("during", StringComparison.Ordinal));
        using var plain = host.Client(null);
        var liveWhileFull = (await plain.GetAsync("/healthz")).StatusCode;
        refused.Count.ShouldBeGreaterThanOrEqualTo(20, $"the full disk never refused a publish ({during} tried, {acceptedWhileFull} accepted); unexpected: {string.Join("; ", unexpected.Take(3))}");

        disk.Free();
        var freedAt = watch.Elapsed;
        await Eventually.HoldsAsync(async () => await PublishAsync("recovering") == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30),
            "publishing to resume once the disk has room again");
        var recoveredIn = watch.Elapsed - freedAt;
        for (var i = 0; i < perPhase; i++)
        {
            (await PublishAsync("after")).ShouldBe(HttpStatusCode.Accepted);
        }
        // Repeating refused publishes with the same Idempotency-Key and event_id: nothing of them was kept, so each is new now.
        var repeated = refused.Take(10).ToList();
        foreach (var eventId in repeated)
        {
            (await PublishAsync("repeat", eventId)).ShouldBe(HttpStatusCode.Accepted);
        }
        replays.ShouldBe(0, "a publish refused while the disk was full had left an idempotency record or a message behind");
        var refusedOnly = refused.Where(e => !repeated.Contains(e)).ToList();

        var ids = accepted.Values.ToList();
        await Eventually.HoldsAsync(() => Task.FromResult(ids.All(ledger.HasReceived)), FaultScale.Pick(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(300)),
            $"every accepted message to be delivered; missing {ids.Count(id => !ledger.HasReceived(id))}");
        var lost = ids.Count(id => !ledger.HasReceived(id));
        var (duplicates, _) = ledger.Duplicates();

        // Nothing half-written: exactly the accepted messages are stored, each with its one delivery.
        var stored = await StoredEventIdsAsync(host.Admin, app);
        var storedRefused = refusedOnly.Count(stored.Contains);
        var deliveries = await CountAsync(host.Admin, $"/api/v1/apps/{app}/deliveries");
        FaultLog.Write(output, "disk-full",
            $"{disk.How}{(ballast > 0 ? $", ballast {ballast / 1024} KiB" : "")}; accepted {accepted.Count} ({perPhase} before, {acceptedWhileFull} of {during} while full, {accepted.Count - perPhase - acceptedWhileFull} after); " +
            $"refused with 503 {refused.Count} (of them {repeated.Count} repeated after with the same keys: all new), other answers {unexpected.Count}; refused but stored {storedRefused}; messages stored {stored.Count}, deliveries {deliveries}; " +
            $"publishing resumed {recoveredIn.TotalSeconds:F2}s after freeing; lost {lost}, duplicate deliveries {duplicates}; /healthz while full {(int)liveWhileFull}; {watch.Elapsed.TotalSeconds:F1}s");

        unexpected.ShouldBeEmpty();
        storedRefused.ShouldBe(0, "a publish answered 503 was written anyway");
        stored.Count.ShouldBe(accepted.Count);
        stored.ShouldAllBe(e => accepted.ContainsKey(e));
        deliveries.ShouldBe(accepted.Count, "every stored message has exactly its one delivery");
        lost.ShouldBe(0);
    }

    private static async Task<HashSet<string>> StoredEventIdsAsync(HttpClient admin, string app)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        string? iterator = null;
        do
        {
            var (status, page) = await admin.GetJsonAsync($"/api/v1/apps/{app}/messages?limit=250" + (iterator is null ? "" : "&iterator=" + Uri.EscapeDataString(iterator)));
            status.ShouldBe(HttpStatusCode.OK);
            foreach (var m in page!["data"]!.AsArray())
            {
                stored.Add(m.Str("event_id"));
            }
            iterator = page["done"]!.GetValue<bool>() ? null : page["iterator"]!.GetValue<string>();
        }
        while (iterator is not null);
        return stored;
    }

    private static async Task<int> CountAsync(HttpClient admin, string path)
    {
        var count = 0;
        string? iterator = null;
        do
        {
            var (_, page) = await admin.GetJsonAsync($"{path}?limit=250" + (iterator is null ? "" : "&iterator=" + Uri.EscapeDataString(iterator)));
            count += page!["data"]!.AsArray().Count;
            iterator = page["done"]!.GetValue<bool>() ? null : page["iterator"]!.GetValue<string>();
        }
        while (iterator is not null);
        return count;
    }
}
