using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hookline.Server.Hosting;
using Hookline.Server.Tests.Faults;
using Hookline.Server.Tests.Support;
using Hookline.Testing;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// A node riding out a PostgreSQL restart in the middle of publishing and delivering. Has a server of its own, since it restarts it.
/// Part of the fault suite: its figures go to <c>TestResults/faults-postgres-restart.log</c>, and <c>HOOKLINE_FAULTS_LONG=1</c> runs it longer.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private DeliveryLedger _ledger = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _ledger = await DeliveryLedger.StartAsync();
        _host = await PostgresFixture.StartOnAsync(await _server.CreateDatabaseAsync());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _ledger.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseRestart_PublishesDuringOutageAre503ProblemJson_AndEverythingAcceptedIsDelivered()
    {
        var app = (await _host.Admin.CreateAppAsync()).Str("id");
        await _host.Admin.CreateEndpointAsync(app, new { url = _ledger.Url.ToString(), retry_policy = new { schedule_seconds = new[] { 0.2, 0.5, 1, 2 } } });
        var listener = _host.Service<PostgresWakeListener>();
        await Eventually.HoldsAsync(() => Task.FromResult(listener.Connects == 1), TimeSpan.FromSeconds(10), "the node should be listening");

        var accepted = new ConcurrentQueue<string>();
        var refused = new ConcurrentQueue<string>();
        var unexpected = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var publishers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var response = await _host.Admin.PostAsJsonAsync($"/api/v1/apps/{app}/messages",
                    new { event_type = "a.b", event_id = $"p{p}-{n}", payload = new { p, n } });
                var body = await response.Content.ReadAsStringAsync();
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted:
                        accepted.Enqueue(JsonNode.Parse(body).Str("id"));
                        break;
                    case HttpStatusCode.ServiceUnavailable when response.Content.Headers.ContentType?.MediaType == "application/problem+json":
                        refused.Enqueue(body);
                        break;
                    default:
                        unexpected.Enqueue($"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body}");
                        break;
                }
            }
        })).ToArray();

        var perPhase = FaultScale.Pick(200, 2000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.HoldsAsync(() => Task.FromResult(accepted.Count >= perPhase), FaultScale.Pick(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120)), "publishing should be under way");
        await _server.StopServerAsync();
        var stoppedAt = watch.Elapsed;
        var acceptedBeforeRestart = accepted.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(refused.Count >= FaultScale.Pick(20, 200)), TimeSpan.FromSeconds(30), "publishes should be refused while the database is down");
        await _server.StartServerAsync();
        var downFor = watch.Elapsed - stoppedAt;
        var acceptedWhileDown = accepted.Count - acceptedBeforeRestart;
        await Eventually.HoldsAsync(() => Task.FromResult(accepted.Count >= acceptedBeforeRestart + perPhase), FaultScale.Pick(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120)),
            "publishing should resume once the database is back");
        await stop.CancelAsync();
        await Task.WhenAll(publishers);

        await Eventually.HoldsAsync(() => Task.FromResult(accepted.All(_ledger.HasReceived)), TimeSpan.FromSeconds(60),
            $"every accepted message should arrive; missing {accepted.Count(id => !_ledger.HasReceived(id))}");
        var lost = accepted.Count(id => !_ledger.HasReceived(id));
        var (duplicates, extraRequests) = _ledger.Duplicates();
        FaultLog.Write(output, "postgres-restart",
            $"accepted {accepted.Count} ({acceptedBeforeRestart} before the stop, {acceptedWhileDown} while stopping/down), refused with 503 {refused.Count}, other answers {unexpected.Count}; " +
            $"database down {downFor.TotalSeconds:F1}s; lost {lost}, duplicate deliveries {duplicates} ({extraRequests} extra requests); listener connects {listener.Connects}; {watch.Elapsed.TotalSeconds:F1}s");

        unexpected.ShouldBeEmpty();
        refused.ShouldAllBe(b => b.Contains("\"status\":503", StringComparison.Ordinal));
        lost.ShouldBe(0);
        await Eventually.HoldsAsync(() => Task.FromResult(listener.Connects >= 2), TimeSpan.FromSeconds(30), "the listener should reconnect");
    }
}
