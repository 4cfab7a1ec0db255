using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;
using Hookline.Testing.Processes;
using Npgsql;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>Three server processes on one PostgreSQL database, one of them killed halfway through a publish run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiNodeTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10_000;
    private const int Publishers = 24;
    private const int Victim = 2;

    private readonly List<ServerProcess> _nodes = [];
    private DeliveryLedger _ledger = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _ledger = await DeliveryLedger.StartAsync();
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
    public async Task ThreeNodes_OneKilledHalfway_EveryAcceptedMessageArrives_AndNoDeliveryIsInTwoHandsAtOnce()
    {
        var dataRoot = Directory.CreateTempSubdirectory("hookline-nodes-").FullName;
        var starting = Enumerable.Range(0, 3).Select(i => ServerProcess.StartAsync($"node-{i}", NodeSettings(i, dataRoot), TimeSpan.FromSeconds(60)));
        _nodes.AddRange(await Task.WhenAll(starting));
        var clients = _nodes.Select(n => AdminClient(n.BaseAddress)).ToArray();
        var app = (await clients[0].CreateAppAsync("load")).Str("id");
        await clients[0].CreateEndpointAsync(app, new
        {
            url = _ledger.Url.ToString(),
            timeout_seconds = 2,
            retry_policy = new { schedule_seconds = new[] { 0.2, 0.5, 1, 2, 4, 8 } },
        });

        var accepted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var dead = new bool[_nodes.Count];
        var rerouted = 0;
        var acceptedBy = new int[_nodes.Count];
        var inFlight = new int[_nodes.Count];
        var inFlightAtKill = 0;
        var next = -1;
        var publish = Stopwatch.StartNew();
        var killed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Messages; i = Interlocked.Increment(ref next))
            {
                if (i == Messages / 2)
                {
                    dead[Victim] = true;
                    inFlightAtKill = Volatile.Read(ref inFlight[Victim]);
                    _nodes[Victim].Kill();
                    killed.SetResult(publish.Elapsed);
                }
                var body = new { event_type = "load.test", event_id = $"evt-{i}", payload = new { i } };
                for (var attempt = 0; ; attempt++)
                {
                    var node = (i + attempt) % _nodes.Count;
                    if (Volatile.Read(ref dead[node]))
                    {
                        continue;
                    }
                    Interlocked.Increment(ref inFlight[node]);
                    try
                    {
                        using var response = await clients[node].PostAsJsonAsync($"/api/v1/apps/{app}/messages", body);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted[(await response.Content.ReadFromJsonAsync<JsonObject>())!.Str("id")] = true;
                            Interlocked.Increment(ref acceptedBy[node]);
                            break;
                        }
                        throw new InvalidOperationException($"publish {i} on node {node} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception e) when (node == Victim && e is HttpRequestException or TaskCanceledException)
                    {
                        // Cut off by the kill: the same event_id on a live node publishes it once, whether or not the dead node committed it.
                        Interlocked.Increment(ref rerouted);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight[node]);
                    }
                }
            }
        })));
        var published = publish.Elapsed;

        var deliveredWithin = TimeSpan.FromSeconds(90);
        await Eventually.HoldsAsync(() => Task.FromResult(accepted.Keys.All(_ledger.HasReceived)), deliveredWithin,
            $"every accepted message should arrive; missing {accepted.Keys.Count(id => !_ledger.HasReceived(id))}");
        var delivered = publish.Elapsed;
        var statuses = await DeliveryStatusesAsync();

        var lost = accepted.Keys.Count(id => !_ledger.HasReceived(id));
        var (duplicateMessages, extraRequests) = _ledger.Duplicates();
        output.WriteLine($"accepted {accepted.Count} of {Messages} in {published.TotalSeconds:F1} s ({accepted.Count / published.TotalSeconds:F0}/s), " +
            $"node-{Victim} killed at {(await killed.Task).TotalSeconds:F1} s, {inFlightAtKill} of its publishes in flight, {rerouted} rerouted; accepted per node {string.Join("/", acceptedBy)}");
        output.WriteLine($"all delivered after {delivered.TotalSeconds:F1} s; lost {lost}; requests {_ledger.Requests}, distinct {_ledger.Distinct}, " +
            $"duplicates {duplicateMessages} messages ({extraRequests} extra requests); overlapping in-flight {_ledger.Overlapping.Count}");
        output.WriteLine("delivery rows: " + string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")));

        accepted.Count.ShouldBe(Messages);
        lost.ShouldBe(0);
        _ledger.Overlapping.ShouldBeEmpty("a delivery was sent by two nodes at the same time");
        await Eventually.HoldsAsync(async () => (await DeliveryStatusesAsync()).Keys.SequenceEqual(["succeeded"]), TimeSpan.FromSeconds(30),
            "every delivery row should end succeeded, none left leased by the dead node");
        _nodes[Victim].HasExited.ShouldBeTrue();
        _nodes.Where((_, i) => i != Victim).ShouldAllBe(n => !n.HasExited);
    }

    private Dictionary<string, string?> NodeSettings(int index, string dataRoot) => new()
    {
        ["Hookline:Storage"] = "postgres",
        ["Hookline:ConnectionString"] = _database,
        ["Hookline:NodeId"] = $"node-{index}",
        ["Hookline:EncryptionKey"] = PostgresFixture.ClusterEncryptionKey,
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:AllowPrivateTargets"] = "true",
        ["Hookline:DataDirectory"] = Path.Combine(dataRoot, $"node-{index}"),
        // A short lease, so the killed node's work is taken over within seconds instead of minutes.
        ["Hookline:Delivery:LeaseDuration"] = "00:00:10",
        ["Hookline:Delivery:LeaseMargin"] = "00:00:00.5",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static HttpClient AdminClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.AdminKey);
        return client;
    }

    private async Task<SortedDictionary<string, long>> DeliveryStatusesAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, COUNT(*) FROM deliveries GROUP BY status", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }
}
