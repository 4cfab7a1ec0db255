using System.Collections.Concurrent;
using Hookline.Core.Protection;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;
using Hookline.Server.Hosting;

namespace Hookline.Server.Telemetry;

/// <summary>
/// Samples the delivery queue every <c>Hookline:Metrics:QueueSampleInterval</c> (5 s) for the
/// queue-depth gauge, so a scrape reads a number in memory and never waits on the database. Open
/// circuits are this node's, learned from its engine's circuit changes.
/// </summary>
public sealed class QueueDepthSampler(IHooklineStore store, TimeProvider clock, IConfiguration configuration, IServiceProvider services,
    ILogger<QueueDepthSampler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, bool> _open = new(StringComparer.Ordinal);
    private volatile QueueDepth _last = QueueDepth.Empty;

    public QueueDepth Last => _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Hookline:Metrics:QueueSampleInterval", TimeSpan.FromSeconds(5));
        if (services.GetService<DeliveryEngineHost>() is { } host)
        {
            host.Engine.CircuitChanged += OnCircuitChanged;
        }
        HooklineMetrics.QueueSampler = () => _last;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = clock.GetTimestamp();
            try
            {
                _last = await store.Analytics.QueueDepthAsync(clock.GetUtcNow(), _open.Keys.ToList(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Sampling the queue depth failed; the gauge keeps its last value");
            }
            try
            {
                await Task.Delay(NextWait(interval, clock.GetElapsedTime(started)), clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The interval, stretched so that sampling a very large queue (a count over millions of rows) never
    /// takes more than 1/<see cref="MaxShare"/> of the time: the gauge gets older, the database stays free.
    /// </summary>
    public static TimeSpan NextWait(TimeSpan interval, TimeSpan lastSample) =>
        lastSample * MaxShare > interval ? lastSample * MaxShare : interval;

    private const int MaxShare = 50;

    private void OnCircuitChanged(object? sender, CircuitStateChangedEventArgs e)
    {
        if (e.To == CircuitState.Closed)
        {
            _open.TryRemove(e.EndpointId, out _);
        }
        else
        {
            _open[e.EndpointId] = true;
        }
    }
}
