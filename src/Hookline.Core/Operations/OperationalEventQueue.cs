using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Operations;

/// <summary>
/// Decouples reporting from publishing: <see cref="Emit"/> only puts the event in a bounded
/// in-memory queue, and <see cref="RunAsync"/> hands queued events to the sink one by one. When
/// the queue is full or the sink fails, the event is dropped, logged and counted in
/// <see cref="Dropped"/>: operational events are best effort, deliveries are not, so a slow or
/// broken operations app must never hold up the engine or the API.
/// </summary>
public sealed class OperationalEventQueue : IOperationalEvents
{
    /// <summary>Events held before new ones are dropped. Default: 10 000.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>On stop, how long events already queued may still take to publish. Default: 5 s.</summary>
    public static readonly TimeSpan DefaultShutdownDrain = TimeSpan.FromSeconds(5);

    private readonly IOperationalEventSink _sink;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TimeSpan _shutdownDrain;
    private readonly Channel<OperationalEvent> _channel;
    private long _dropped;
    private long _published;

    public OperationalEventQueue(IOperationalEventSink sink, TimeProvider clock, ILogger logger, int capacity = DefaultCapacity, TimeSpan? shutdownDrain = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _sink = sink;
        _clock = clock;
        _logger = logger;
        _shutdownDrain = shutdownDrain ?? DefaultShutdownDrain;
        // Wait mode makes TryWrite answer false when full (DropWrite would accept and discard silently).
        _channel = Channel.CreateBounded<OperationalEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public bool Enabled => true;

    /// <summary>Events given up: queue full, publish failed, or still queued when the drain at stop ran out.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events the sink took.</summary>
    public long Published => Interlocked.Read(ref _published);

    public void Emit(OperationalEvent operationalEvent)
    {
        if (_channel.Writer.TryWrite(operationalEvent))
        {
            return;
        }
        var dropped = Interlocked.Increment(ref _dropped);
        // A full queue drops many in a row; one line per thousand says so without flooding the log.
        if (dropped == 1 || dropped % 1000 == 0)
        {
            _logger.LogWarning("Operational event queue full or stopped; dropped {Type} {EventId} ({Dropped} dropped so far)",
                operationalEvent.Type, operationalEvent.EventId, dropped);
        }
    }

    /// <summary>Publishes until <paramref name="stop"/>, then gives what is still queued a short while to go out.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var queued in _channel.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                await PublishOneAsync(queued, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        _channel.Writer.TryComplete();
        using var deadline = new CancellationTokenSource(_shutdownDrain, _clock);
        while (_channel.Reader.TryRead(out var left))
        {
            if (deadline.IsCancellationRequested)
            {
                var lost = 1 + _channel.Reader.Count;
                Interlocked.Add(ref _dropped, lost);
                _logger.LogWarning("Dropped {Count} operational events still queued at shutdown", lost);
                return;
            }
            await PublishOneAsync(left, deadline.Token).ConfigureAwait(false);
        }
    }

    private async Task PublishOneAsync(OperationalEvent queued, CancellationToken ct)
    {
        try
        {
            await _sink.PublishAsync(queued, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _published);
        }
        catch (Exception e)
        {
            var dropped = Interlocked.Increment(ref _dropped);
            _logger.LogWarning(e, "Publishing operational event {Type} {EventId} failed; dropped it ({Dropped} dropped so far)",
                queued.Type, queued.EventId, dropped);
        }
    }
}
