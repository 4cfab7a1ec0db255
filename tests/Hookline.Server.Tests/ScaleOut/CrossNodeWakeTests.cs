using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>Two nodes on one PostgreSQL database: what one node accepts, the other sends without waiting for its poll.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossNodeWakeTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Far longer than the test may take, so only a wake-up can explain a prompt delivery.
    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Hookline:Delivery:PollInterval"] = "00:05:00" };

    private readonly List<TestHost> _nodes = [];
    private HttpReceiver _receiver = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _receiver = await HttpReceiver.StartAsync();
        _database = await postgres.Server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _receiver.DisposeAsync();
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task PublishOnApiOnlyNode_IsDeliveredByWorkerNode_LongBeforeItsPoll()
    {
        var worker = await StartNodeAsync(new() { ["Hookline:RunApi"] = "false" });
        var api = await StartNodeAsync(new() { ["Hookline:RunDispatcher"] = "false" });
        var app = (await api.Admin.CreateAppAsync()).Str("id");
        await api.Admin.CreateEndpointAsync(app, new { url = _receiver.Url("/wake") });
        await Eventually.HoldsAsync(() => Task.FromResult(worker.Service<Hosting.PostgresWakeListener>().Connects > 0), TimeSpan.FromSeconds(10),
            "the worker should be listening");

        for (var i = 0; i < 3; i++)
        {
            var (status, _) = await api.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "a.b", payload = new { i } });
            status.ShouldBe(HttpStatusCode.Accepted);
            await Eventually.HoldsAsync(() => Task.FromResult(_receiver.At("/wake").Count == i + 1), TimeSpan.FromSeconds(5),
                $"message {i} should be sent by the other node at once, not after its 5-minute poll");
        }
    }

    private async Task<TestHost> StartNodeAsync(Dictionary<string, string?> settings)
    {
        foreach (var (k, v) in SlowPoll)
        {
            settings[k] = v;
        }
        var node = await PostgresFixture.StartOnAsync(_database, settings);
        _nodes.Add(node);
        return node;
    }
}
