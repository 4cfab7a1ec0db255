using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hookline.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// Two server processes on one PostgreSQL database with default settings (5-minute leases): the node
/// that holds an endpoint's deliveries is killed with kill -9, and the other sends them within 15 s.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeTakeoverTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10;
    private readonly List<ServerProcess> _nodes = [];
    private readonly ConcurrentDictionary<string, int> _answered = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _receiver = null!;
    private string _database = null!;
    private int _held;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        // Holds every request until the gate opens, so the node that claimed them is caught mid-send.
        _receiver.Run(async context =>
        {
            Interlocked.Increment(ref _held);
            await _open.Task.WaitAsync(context.RequestAborted);
            _answered.AddOrUpdate(context.Request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
            context.Response.StatusCode = 204;
        });
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _open.TrySetResult();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task NodeKilledMidSend_ItsDeliveriesAreSentByTheOther_Within15Seconds_WithDefaultSettings()
    {
        var dataRoot = Directory.CreateTempSubdirectory("hookline-takeover-").FullName;
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            ServerProcess.StartAsync($"takeover-{i}", Settings(i, dataRoot), TimeSpan.FromSeconds(60)))));
        var clients = _nodes.Select(n => Admin(n.BaseAddress)).ToArray();
        var app = (await clients[0].CreateAppAsync("takeover")).Str("id");
        var url = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hold";
        // A concurrency limit makes one node at a time the endpoint's sender (an endpoint lease), with
        // the rest of the backlog waiting in its hands.
        await clients[0].CreateEndpointAsync(app, new { url, max_concurrency = 2, timeout_seconds = 30 });
        for (var i = 0; i < Messages; i++)
        {
            using var response = await clients[i % 2].PostAsJsonAsync($"/api/v1/apps/{app}/messages", new { event_type = "held", payload = new { i } });
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _held) >= 2), TimeSpan.FromSeconds(30), "the owner should be sending");
        var owner = await EndpointOwnerAsync();
        var victim = _nodes.Single(n => n.Name == owner);

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        _open.SetResult();
        await Eventually.HoldsAsync(() => Task.FromResult(_answered.Count == Messages), TimeSpan.FromSeconds(30),
            $"every message should arrive; {_answered.Count} of {Messages} did");
        var took = sinceKill.Elapsed;
        output.WriteLine($"{owner} killed holding the endpoint; all {Messages} delivered by the other node {took.TotalSeconds:F1} s later");

        took.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        (await EndpointOwnerAsync()).ShouldNotBe(owner);
        _nodes.Single(n => n.Name != owner).HasExited.ShouldBeFalse();
    }

    private async Task<string?> EndpointOwnerAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT owner FROM endpoint_leases", connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    private Dictionary<string, string?> Settings(int index, string dataRoot) => new()
    {
        ["Hookline:Storage"] = "postgres",
        ["Hookline:ConnectionString"] = _database,
        ["Hookline:NodeId"] = $"takeover-{index}",
        ["Hookline:EncryptionKey"] = PostgresFixture.ClusterEncryptionKey,
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:AllowPrivateTargets"] = "true",
        ["Hookline:DataDirectory"] = Path.Combine(dataRoot, $"node-{index}"),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static HttpClient Admin(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.AdminKey);
        return client;
    }
}
