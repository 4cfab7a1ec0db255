using System.Security.Cryptography;
using System.Text.Json;
using Hookline.Core.Apps;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Operations;
using Hookline.Core.Publishing;
using Hookline.Core.Security;
using Hookline.Core.Signing;
using Hookline.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookline.Core.Tests.Engine;

/// <summary>A real SQLite store, a real loopback receiver and an engine between them.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly string _dbPath;
    private readonly HttpMessageInvoker _invoker = new(WebhookSender.CreateDefaultHandler());
    private CancellationTokenSource? _stop;
    private Task? _run;
    private readonly List<EngineNode> _nodes = [];

    private EngineHarness(string dbPath, SqliteStore store, TestReceiver receiver, TimeProvider clock, string appId)
    {
        _dbPath = dbPath;
        Store = store;
        Receiver = receiver;
        Clock = clock;
        AppId = appId;
    }

    public SqliteStore Store { get; }
    public TestReceiver Receiver { get; }
    public TimeProvider Clock { get; }
    public string AppId { get; }
    public DeliveryEngine Engine { get; private set; } = null!;
    public DeliveryEngineOptions Options { get; private set; } = null!;

    public static async Task<EngineHarness> CreateAsync(TimeProvider clock)
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"hookline-engine-{Guid.NewGuid():N}.db");
        var store = new SqliteStore($"Data Source={dbPath}", new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), clock,
            new SqliteOptions { Synchronous = "NORMAL" });
        await store.MigrateAsync();
        var now = clock.GetUtcNow();
        var app = new App { Id = IdGenerator.New(IdPrefix.App, clock), Name = "engine tests", CreatedAt = now, UpdatedAt = now };
        await store.Apps.CreateAsync(app);
        return new EngineHarness(dbPath, store, await TestReceiver.StartAsync(), clock, app.Id);
    }

    public void Start(Action<DeliveryEngineOptions>? configure = null, IOperationalEvents? events = null, ContentComposer? content = null)
    {
        Options = new DeliveryEngineOptions { NodeId = "test-node", PollInterval = TimeSpan.FromMilliseconds(200), ShutdownGracePeriod = TimeSpan.FromSeconds(5) };
        configure?.Invoke(Options);
        Engine = new DeliveryEngine(Store, new WebhookSender(_invoker, Clock), Clock, new Random(3), Options, content: content)
        {
            OperationalEvents = events ?? NoOperationalEvents.Instance,
        };
        _stop = new CancellationTokenSource();
        _run = Engine.RunAsync(_stop.Token);
    }

    /// <summary>Starts one more engine on the same store, as another node of a cluster would.</summary>
    public EngineNode StartNode(string nodeId, Action<DeliveryEngineOptions>? configure = null)
    {
        var options = new DeliveryEngineOptions { NodeId = nodeId, PollInterval = TimeSpan.FromMilliseconds(200), ShutdownGracePeriod = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var node = new EngineNode(new DeliveryEngine(Store, new WebhookSender(_invoker, Clock), Clock, new Random(_nodes.Count + 5), options));
        _nodes.Add(node);
        return node;
    }

    /// <summary>Asks the engine to stop; returns the task that completes when it has.</summary>
    public Task StopAsync()
    {
        _stop?.Cancel();
        return _run ?? Task.CompletedTask;
    }

    public async Task<(Endpoint Endpoint, string Secret)> AddEndpointAsync(string path, Func<Endpoint, Endpoint>? change = null)
    {
        var now = Clock.GetUtcNow();
        var endpoint = new Endpoint
        {
            Id = IdGenerator.New(IdPrefix.Endpoint, Clock),
            AppId = AppId,
            Url = Receiver.BaseUrl + path,
            CreatedAt = now,
            UpdatedAt = now,
        };
        endpoint = change?.Invoke(endpoint) ?? endpoint;
        var secret = SecretFormat.Generate();
        await Store.Endpoints.CreateAsync(endpoint, new EndpointSecret(secret, now, null));
        return (endpoint, secret);
    }

    /// <summary>Publishes to every matching endpoint through the Core publisher, which wakes the engines.</summary>
    public async Task<IReadOnlyList<Delivery>> PublishAsync(string eventType = "user.created", string payload = """{"user":"ada","n":1}""")
    {
        using var data = JsonDocument.Parse(payload);
        var publisher = new MessagePublisher(Store, Clock, new Wake(this));
        var result = await publisher.PublishAsync(new PublishCommand { AppId = AppId, EventType = eventType, Payload = data.RootElement });
        return result.Deliveries;
    }

    private sealed class Wake(EngineHarness harness) : IDeliveryWake
    {
        void IDeliveryWake.Wake()
        {
            harness.Engine?.Wake();
            foreach (var node in harness._nodes)
            {
                node.Engine.Wake();
            }
        }
    }

    public async Task<Delivery> GetAsync(string deliveryId) => (await Store.Deliveries.GetAsync(AppId, deliveryId))!;

    public Task<IReadOnlyList<Attempt>> AttemptsAsync(string deliveryId) => Store.Deliveries.ListAttemptsAsync(deliveryId);

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new ShouldAssertException("condition not met in time" + (because is null ? "" : ": " + because));
            }
            await Task.Delay(20);
        }
    }

    public static Task Eventually(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        Eventually(() => Task.FromResult(condition()), timeout, because);

    /// <summary>Wakes the engine and waits until it has made a claim pass at the current time.</summary>
    public async Task ClaimPassAsync()
    {
        var before = Engine.ClaimPasses;
        Engine.Wake();
        await Eventually(() => Engine.ClaimPasses > before, because: "the engine made no claim pass");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        _stop?.Dispose();
        _invoker.Dispose();
        await Receiver.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
