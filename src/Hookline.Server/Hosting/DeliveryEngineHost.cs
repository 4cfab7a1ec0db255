using Hookline.Core.Content;
using Hookline.Core.Engine;
using Hookline.Core.Operations;
using Hookline.Core.Protection;
using Hookline.Core.Storage;
using Hookline.Storage;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary>Runs the <see cref="DeliveryEngine"/> inside the server, woken by every publish, retry and replay.</summary>
public sealed class DeliveryEngineHost : BackgroundService
{
    private readonly DeliveryEngine _engine;
    private readonly NodeHeartbeat _heartbeat;
    private readonly DeliverySignal _signal;
    private readonly HttpMessageInvoker _http;

    public DeliveryEngineHost(IHooklineStore store, SsrfGuard guard, TimeProvider clock, DeliverySignal signal,
        IOptions<HooklineOptions> hookline, IOptions<DeliveryEngineOptions> engineOptions, IOperationalEvents operationalEvents, ContentComposer content, ILogger<DeliveryEngine> logger)
    {
        var options = engineOptions.Value;
        options.NodeId = ResolveNodeId(hookline.Value);
        _http = new HttpMessageInvoker(WebhookSender.CreateDefaultHandler(guard.CreateConnectCallback()));
        _engine = new DeliveryEngine(store, new WebhookSender(_http, clock), clock, Random.Shared, options, logger, content) { OperationalEvents = operationalEvents };
        _heartbeat = new NodeHeartbeat(store, clock, options, signal.Wake, logger);
        _signal = signal;
        _signal.Woken += _engine.Wake;
    }

    public DeliveryEngine Engine => _engine;

    /// <summary>One process owns a SQLite file, so a fixed name lets a restart take its leases back at once.</summary>
    public static string ResolveNodeId(HooklineOptions options) =>
        options.NodeId ?? (options.StorageKind == StorageKind.Sqlite ? "local" : $"{Environment.MachineName}-{Environment.ProcessId}");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_engine.RunAsync(stoppingToken), _heartbeat.RunAsync(stoppingToken));

    public override void Dispose()
    {
        _signal.Woken -= _engine.Wake;
        _http.Dispose();
        base.Dispose();
    }
}
