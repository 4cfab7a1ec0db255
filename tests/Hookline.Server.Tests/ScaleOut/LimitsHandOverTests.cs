using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hookline.Server.Tests.Support;
using Hookline.Testing;
using Hookline.Testing.Processes;
using Npgsql;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// Three server processes on one PostgreSQL database sending to an endpoint with a rate limit and a
/// concurrency limit: its owner is stopped (SIGTERM) mid-stream, then the next owner is killed
/// (kill -9), and the limits still hold in every one-second window and at every moment.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LimitsHandOverTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 3;
    private const int Rate = 20;
    private const int Concurrency = 2;
    private const int Messages = 380;
    private readonly List<ServerProcess> _nodes = [];
    private DeliveryLedger _ledger = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        // Held 60 ms, two at a time make 33 a second: the rate is what paces them, and the
        // concurrency limit is reached in each second's first burst.
        _ledger = await DeliveryLedger.StartAsync(TimeSpan.FromMilliseconds(60));
        _database = await postgres.Server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _ledger.DisposeAsync();
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task RateAndConcurrencyLimits_HoldInEveryWindow_WhenTheOwnerStopsAndWhenTheNextOneIsKilled()
    {
        var dataRoot = Directory.CreateTempSubdirectory("hookline-handover-").FullName;
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i =>
            ServerProcess.StartAsync($"handover-{i}", ClusterNodes.Settings(_database, "handover", i, dataRoot), TimeSpan.FromSeconds(60)))));
        var clients = _nodes.Select(n => ClusterNodes.Admin(n.BaseAddress)).ToArray();
        var app = (await clients[0].CreateAppAsync("handover")).Str("id");
        var endpoint = (await clients[0].CreateEndpointAsync(app, new { url = _ledger.Url.ToString(), rate_limit_per_second = Rate, max_concurrency = Concurrency })).Str("id");
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Messages; i = Interlocked.Increment(ref next))
            {
                using var response = await clients[i % Nodes].PostAsJsonAsync($"/api/v1/apps/{app}/messages", new { event_type = "paced", payload = new { i } });
                response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }
        })));
        var publishedAt = DateTimeOffset.UtcNow;

        // Publishing races the sends at first; the owner's stretch is counted once the whole backlog waits.
        var atPublished = _ledger.Distinct;
        await Eventually.HoldsAsync(() => Task.FromResult(_ledger.Distinct >= atPublished + 70), TimeSpan.FromSeconds(60), "the owner should be sending");
        var stopped = await OwnerAsync(endpoint);
        await StopGracefullyAsync(_nodes.Single(n => n.Name == stopped));
        var stoppedAt = DateTimeOffset.UtcNow;
        var received = _ledger.Distinct;
        await Eventually.HoldsAsync(() => Task.FromResult(_ledger.Distinct >= received + 70), TimeSpan.FromSeconds(30), "another node should take over from the one stopped");
        var killed = await OwnerAsync(endpoint);
        killed.ShouldNotBe(stopped);
        _nodes.Single(n => n.Name == killed).Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await Eventually.HoldsAsync(() => Task.FromResult(_ledger.Distinct == Messages), TimeSpan.FromSeconds(60),
            $"every message should arrive; {_ledger.Distinct} of {Messages} did");
        (await OwnerAsync(endpoint)).ShouldNotBeOneOf(stopped, killed);

        var starts = await ClusterNodes.AttemptStartsAsync(_database, _ledger.Url.ToString());
        var busiest = StartWindows.Busiest(starts);
        var stretches = Stretches(starts, publishedAt, stoppedAt, killedAt);
        output.WriteLine($"rate_limit_per_second {Rate}, max_concurrency {Concurrency}, {Messages} messages over {Nodes} nodes, {stopped} stopped, {killed} killed: " +
            $"at most {busiest} started in any one second, peak {_ledger.PeakConcurrent} in flight; per owner: " +
            string.Join(", ", stretches.Select(s => $"{s.Count} at {StartWindows.Rate(s):F1}/s")) +
            $"; gaps at the hand-overs {Gap(starts, stoppedAt).TotalSeconds:F2} s (stopped) and {Gap(starts, killedAt).TotalSeconds:F2} s (killed)");
        busiest.ShouldBeLessThanOrEqualTo(Rate, "no one-second window of starts holds more than the rate, across both hand-overs");
        _ledger.PeakConcurrent.ShouldBeInRange(1, Concurrency);
        _ledger.Overlapping.ShouldBeEmpty();
        // Each owner's pace (printed above) has measured 8.7 to 20 a second on a loaded 2-core machine
        // running three nodes; why an owner after a hand-over sometimes falls behind the rate is open, so
        // the pace is asserted only in ClusterLimitsTests' steady state. The limits themselves (above) are exact.
        foreach (var stretch in stretches)
        {
            stretch.Count.ShouldBeGreaterThanOrEqualTo(2 * Rate);
        }
    }

    /// <summary>
    /// The starts of each owner in turn while the whole backlog waited: from the last publish to the
    /// stop, between the stop and the kill, after the kill.
    /// </summary>
    private static List<List<DateTimeOffset>> Stretches(List<DateTimeOffset> starts, DateTimeOffset publishedAt, DateTimeOffset stoppedAt, DateTimeOffset killedAt)
    {
        // The stopped node had exited by stoppedAt, so each stretch is one owner's.
        return
        [
            [.. starts.Where(t => t >= publishedAt && t < stoppedAt)],
            [.. starts.Where(t => t >= stoppedAt && t < killedAt)],
            [.. starts.Where(t => t >= killedAt)],
        ];
    }

    /// <summary>The pause from the last start before <paramref name="at"/> to the first one after it: the hand-over's cost.</summary>
    private static TimeSpan Gap(List<DateTimeOffset> starts, DateTimeOffset at) =>
        starts.FirstOrDefault(t => t >= at) - starts.LastOrDefault(t => t < at);

    private static async Task StopGracefullyAsync(ServerProcess node)
    {
        using (var kill = Process.Start("kill", ["-TERM", node.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await Eventually.HoldsAsync(() => Task.FromResult(node.HasExited), TimeSpan.FromSeconds(30), $"{node.Name} should stop on SIGTERM");
    }

    private async Task<string> OwnerAsync(string endpointId)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT owner FROM endpoint_leases WHERE endpoint_id = @id", connection);
        command.Parameters.AddWithValue("id", endpointId);
        string? owner = null;
        await Eventually.HoldsAsync(async () => (owner = (string?)await command.ExecuteScalarAsync()) is not null, TimeSpan.FromSeconds(30), "some node should own the endpoint");
        return owner!;
    }
}
