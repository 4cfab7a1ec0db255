using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hookline.Server.Tests.Support;
using Hookline.Testing;
using Hookline.Testing.Processes;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// Three server processes on one PostgreSQL database publishing to endpoints with limits: the
/// concurrency limit and the rate limit hold for the cluster as a whole, not per node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterLimitsTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 3;
    private readonly List<ServerProcess> _nodes = [];
    private DeliveryLedger _concurrencyLedger = null!;
    private DeliveryLedger _rateLedger = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _concurrencyLedger = await DeliveryLedger.StartAsync();
        _rateLedger = await DeliveryLedger.StartAsync();
        _database = await postgres.Server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _concurrencyLedger.DisposeAsync();
        await _rateLedger.DisposeAsync();
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ConcurrencyAndRateLimits_HoldAcrossThreeNodes()
    {
        const int ConcurrencyMessages = 300;
        const int RateMessages = 100;
        const double Rate = 20;
        var dataRoot = Directory.CreateTempSubdirectory("hookline-limits-").FullName;
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i =>
            ServerProcess.StartAsync($"limits-{i}", ClusterNodes.Settings(_database, "limits", i, dataRoot), TimeSpan.FromSeconds(60)))));
        var clients = _nodes.Select(n => ClusterNodes.Admin(n.BaseAddress)).ToArray();
        var app = (await clients[0].CreateAppAsync("limits")).Str("id");
        await clients[0].CreateEndpointAsync(app, new { url = _concurrencyLedger.Url.ToString(), max_concurrency = 3, event_types = new[] { "busy" } });
        await clients[0].CreateEndpointAsync(app, new { url = _rateLedger.Url.ToString(), rate_limit_per_second = Rate, event_types = new[] { "paced" } });

        // Every node publishes its share, so every node is woken for both endpoints.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < ConcurrencyMessages + RateMessages; i = Interlocked.Increment(ref next))
            {
                var type = i < ConcurrencyMessages ? "busy" : "paced";
                using var response = await clients[i % Nodes].PostAsJsonAsync($"/api/v1/apps/{app}/messages", new { event_type = type, payload = new { i } });
                response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }
        })));

        await Eventually.HoldsAsync(() => Task.FromResult(_concurrencyLedger.Distinct == ConcurrencyMessages && _rateLedger.Distinct == RateMessages),
            TimeSpan.FromSeconds(60), $"every message should arrive; got {_concurrencyLedger.Distinct} and {_rateLedger.Distinct}");
        var starts = await ClusterNodes.AttemptStartsAsync(_database, _rateLedger.Url.ToString());
        var measuredRate = StartWindows.Rate(starts);
        // Counted where requests start (each attempt's started_at, the instant the rate window let it
        // out), not where they arrive: on a loaded machine arrivals bunch up after the fact.
        var busiest = StartWindows.Busiest(starts);
        output.WriteLine($"max_concurrency 3: peak {_concurrencyLedger.PeakConcurrent} concurrent requests over {Nodes} nodes; " +
            $"rate_limit_per_second {Rate}: {RateMessages} requests in {_rateLedger.Span.TotalSeconds:F2} s, {measuredRate:F1}/s, at most {busiest} started in any one second ({_rateLedger.BusiestWindow(TimeSpan.FromSeconds(1))} arrived)");

        _concurrencyLedger.PeakConcurrent.ShouldBeInRange(1, 3);
        busiest.ShouldBeLessThanOrEqualTo((int)Rate, "no one-second window of starts, the first included, holds more than the rate");
        measuredRate.ShouldBeGreaterThan(Rate * 0.9);
    }
}
