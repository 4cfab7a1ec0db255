using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hookline.Server.Tests.Support;
using Hookline.Testing;
using Hookline.Testing.Processes;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>Three server processes on one PostgreSQL database share one circuit per endpoint: they hold back and probe as one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedCircuitClusterTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 3;
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(3);
    private readonly List<ServerProcess> _nodes = [];
    private string _database = null!;

    public async Task InitializeAsync() => _database = await postgres.Server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ThreeNodes_ProbeABrokenEndpointAsOne()
    {
        var dataRoot = Directory.CreateTempSubdirectory("hookline-circuits-").FullName;
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i =>
            ServerProcess.StartAsync($"circuits-{i}", Settings(i, dataRoot), TimeSpan.FromSeconds(60)))));
        var clients = _nodes.Select(n => Admin(n.BaseAddress)).ToArray();
        var app = (await clients[0].CreateAppAsync("circuits")).Str("id");
        // Nothing listens there: every attempt fails to connect.
        var url = $"http://127.0.0.1:{FreePort.Next()}/down";
        var endpoint = (await clients[0].CreateEndpointAsync(app, new { url })).Str("id");

        for (var i = 0; i < 30; i++)
        {
            using var response = await clients[i % Nodes].PostAsJsonAsync($"/api/v1/apps/{app}/messages", new { event_type = "user.created", payload = new { i } });
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        DateTimeOffset? openedAt = null;
        await Eventually.HoldsAsync(async () => (openedAt = await OpenedAtAsync(endpoint)) is not null, TimeSpan.FromSeconds(60), "the circuit never opened");
        // Every node, whether or not it sent to the endpoint, holds the circuit as not closed.
        await Eventually.HoldsAsync(async () =>
        {
            var states = await Task.WhenAll(clients.Select(async c => (await c.GetFromJsonAsync<CircuitView>($"/api/v1/apps/{app}/endpoints/{endpoint}"))!.Circuit.State));
            return states.All(s => s != "closed");
        }, TimeSpan.FromSeconds(30), "a node still shows the circuit closed");

        // Watch four breaks after everyone has adopted the opening: only probes go out, one per break for the cluster.
        var from = DateTimeOffset.UtcNow;
        var until = from + (4 * Break);
        await Task.Delay(until - from + TimeSpan.FromSeconds(1));
        var starts = await AttemptStartsAsync(url);
        var probes = starts.Count(s => s >= from && s < until);
        output.WriteLine($"{starts.Count} attempts in all; circuit opened at {openedAt:O}; {probes} attempts in {4 * Break.TotalSeconds:0} s of open circuit over {Nodes} nodes");

        probes.ShouldBeInRange(1, 5);
    }

    private sealed record CircuitView(CircuitState Circuit);

    private sealed record CircuitState(string State);

    private async Task<DateTimeOffset?> OpenedAtAsync(string endpointId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT opened_at FROM endpoint_circuits WHERE endpoint_id = @id AND opened_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("id", endpointId);
        return await command.ExecuteScalarAsync() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private async Task<List<DateTimeOffset>> AttemptStartsAsync(string url)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT started_at FROM attempts WHERE url = @url ORDER BY started_at", connection);
        command.Parameters.AddWithValue("url", url);
        await using var reader = await command.ExecuteReaderAsync();
        var starts = new List<DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            starts.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }
        return starts;
    }

    private Dictionary<string, string?> Settings(int index, string dataRoot) => new()
    {
        ["Hookline:Storage"] = "postgres",
        ["Hookline:ConnectionString"] = _database,
        ["Hookline:NodeId"] = $"circuits-{index}",
        ["Hookline:EncryptionKey"] = PostgresFixture.ClusterEncryptionKey,
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:AllowPrivateTargets"] = "true",
        ["Hookline:DataDirectory"] = Path.Combine(dataRoot, $"node-{index}"),
        ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "3",
        ["Hookline:Delivery:Breaker:BreakDuration"] = "00:00:03",
        ["Hookline:Delivery:Breaker:MaxBreakDuration"] = "00:00:03",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static HttpClient Admin(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.AdminKey);
        return client;
    }
}
