using System.Collections.Concurrent;
using Hookline.Core.Protection;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// This node's circuits and failing streaks, kept in line with the ones the cluster shares in the
/// store. Each node still judges outcomes in memory; an opening is recorded for all, a node adopts
/// the openings recorded by others when it claims their endpoints' work, the half-open probe is
/// taken in the store so one node probes at a time, and a streak's start survives restarts.
/// </summary>
internal sealed class SharedCircuits
{
    private readonly ICircuitStateStore _store;
    private readonly CircuitBreakerRegistry _circuits;
    private readonly TimeProvider _clock;
    private readonly string _nodeId;
    private readonly ILogger _logger;
    private readonly FailingStreaks _streaks = new();

    /// <summary>Endpoints whose stored streak may be running: a success must end it for every node.</summary>
    private readonly ConcurrentDictionary<string, byte> _storedStreaks = new(StringComparer.Ordinal);

    private readonly Lock _writesGate = new();
    private Task _writes = Task.CompletedTask;
    private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;

    public SharedCircuits(ICircuitStateStore store, CircuitBreakerRegistry circuits, TimeProvider clock, string nodeId, ILogger logger)
    {
        _store = store;
        _circuits = circuits;
        _clock = clock;
        _nodeId = nodeId;
        _logger = logger;
        _circuits.StateChanged += (_, e) => Record(e);
    }

    /// <summary>
    /// Adopts the stored openings of the given endpoints (claimed work is about to be sent to them)
    /// and notes which have a stored streak. Only openings are adopted here: a closing is learnt when
    /// this node's own probe is refused, so a stale read can never close a circuit this node opened.
    /// </summary>
    public async Task SyncAsync(IReadOnlyCollection<string> endpointIds)
    {
        if (endpointIds.Count == 0)
        {
            return;
        }
        IReadOnlyDictionary<string, StoredCircuit> stored;
        try
        {
            stored = await _store.ReadAsync(endpointIds, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reading the shared circuits of {Count} endpoints failed; judging them from this node's outcomes", endpointIds.Count);
            return;
        }
        foreach (var circuit in stored.Values)
        {
            if (circuit.FailingSince is not null)
            {
                _storedStreaks[circuit.EndpointId] = 0;
            }
            Adopt(circuit);
        }
    }

    /// <summary>
    /// Adopts every opening recorded in the cluster, at most once per <paramref name="every"/>, so
    /// this node's circuits (and what the API and dashboard show from them) include the others'.
    /// </summary>
    public async Task RefreshAsync(TimeSpan every)
    {
        var now = _clock.GetUtcNow();
        if (now < _nextRefresh)
        {
            return;
        }
        _nextRefresh = now + every;
        try
        {
            foreach (var circuit in await _store.ReadNotClosedAsync(CancellationToken.None).ConfigureAwait(false))
            {
                Adopt(circuit);
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reading the cluster's open circuits failed; retrying in {Interval}", every);
        }
    }

    /// <summary>
    /// Whether this node may send the half-open probe of the endpoint now: the store gives it to one
    /// node. When another node has it, or the circuit was meanwhile closed or reopened elsewhere,
    /// the local circuit takes that over, and the caller asks it again.
    /// </summary>
    public async Task<bool> TryTakeProbeAsync(string endpointId, DateTimeOffset probeUntil)
    {
        var now = _clock.GetUtcNow();
        try
        {
            if (await _store.TryStartProbeAsync(endpointId, _nodeId, now, probeUntil, CancellationToken.None).ConfigureAwait(false))
            {
                return true;
            }
            var stored = await _store.ReadAsync([endpointId], CancellationToken.None).ConfigureAwait(false);
            if (stored.TryGetValue(endpointId, out var own) && own.State == CircuitState.HalfOpen && own.ProbeOwner == _nodeId)
            {
                // This node's probe is already out; the local circuit knows it.
                return false;
            }
            if (!stored.TryGetValue(endpointId, out var circuit) || circuit.State == CircuitState.Closed)
            {
                _circuits.Get(endpointId).AdoptClosed();
            }
            else if (circuit.State == CircuitState.HalfOpen && circuit.ProbeUntil is { } until)
            {
                // Another node's probe is out: hold back until it reports or times out.
                _circuits.Get(endpointId).AdoptOpen(circuit.OpenedAt ?? now, until, circuit.BreakDuration ?? until - now);
            }
            else
            {
                Adopt(circuit);
            }
            return false;
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Taking the probe of endpoint {Endpoint} in the store failed; probing from this node", endpointId);
            return true;
        }
    }

    /// <summary>Records a failed attempt; returns when the endpoint's failing streak began, across restarts and nodes.</summary>
    public async Task<DateTimeOffset> FailedAsync(string endpointId, DateTimeOffset at)
    {
        var since = _streaks.Failed(endpointId, at);
        if (since != at)
        {
            // The streak was already running here, so its start is known; one write per streak, not per failure.
            return since;
        }
        try
        {
            var stored = await _store.RecordFailingAsync(endpointId, at, CancellationToken.None).ConfigureAwait(false);
            _storedStreaks[endpointId] = 0;
            // The store keeps milliseconds: a streak that began with this failure keeps its exact start.
            return _streaks.Began(endpointId, stored.ToUnixTimeMilliseconds() == at.ToUnixTimeMilliseconds() ? at : stored);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Recording the failing streak of endpoint {Endpoint} failed; counting it on this node", endpointId);
            return since;
        }
    }

    /// <summary>
    /// A success ends the endpoint's streak, here at once and in the store in the background: the
    /// outcome need not wait for it, and a lost clear only leaves a streak the next success ends.
    /// </summary>
    public void Succeeded(string endpointId)
    {
        _streaks.Succeeded(endpointId);
        if (!_storedStreaks.TryRemove(endpointId, out _))
        {
            return;
        }
        var at = _clock.GetUtcNow();
        Enqueue(async () =>
        {
            try
            {
                await _store.ClearFailingAsync(endpointId, at, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                _storedStreaks[endpointId] = 0;
                throw;
            }
        }, endpointId, "end of failing streak");
    }

    /// <summary>Forgets the endpoint's streak and circuit everywhere (it was disabled; re-enabled, it starts afresh).</summary>
    public async Task ForgetAsync(string endpointId)
    {
        _streaks.Forget(endpointId);
        _storedStreaks.TryRemove(endpointId, out _);
        _circuits.Get(endpointId).Reset();
        await FlushAsync().ConfigureAwait(false);
        try
        {
            await _store.ForgetAsync(endpointId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Forgetting the shared circuit of endpoint {Endpoint} failed", endpointId);
        }
    }

    /// <summary>Waits until every circuit change of this node so far is in the store.</summary>
    public Task FlushAsync()
    {
        lock (_writesGate)
        {
            return _writes;
        }
    }

    private void Adopt(StoredCircuit circuit)
    {
        if (circuit.State != CircuitState.Closed && circuit.NextProbeAt is { } probe && circuit.BreakDuration is { } pause)
        {
            _circuits.Get(circuit.EndpointId).AdoptOpen(circuit.OpenedAt ?? probe - pause, probe, pause);
        }
    }

    /// <summary>Queues this node's own circuit changes for the store, in the order they happened.</summary>
    private void Record(CircuitStateChangedEventArgs change)
    {
        if (change.Reason == CircuitBreaker.SharedReason || change.To == CircuitState.HalfOpen)
        {
            // Adopted from the store, or a probe this node already took there.
            return;
        }
        var snapshot = _circuits.Get(change.EndpointId).Snapshot();
        Func<Task> write = change.To == CircuitState.Open && snapshot.NextProbeAt is { } probe
            ? () => _store.OpenAsync(change.EndpointId, snapshot.OpenedAt ?? change.At, probe, snapshot.CurrentBreakDuration, change.At, CancellationToken.None)
            : () => _store.CloseAsync(change.EndpointId, change.At, CancellationToken.None);
        Enqueue(write, change.EndpointId, change.To.ToString());
    }

    private void Enqueue(Func<Task> write, string endpointId, string what)
    {
        lock (_writesGate)
        {
            _writes = _writes.ContinueWith(async _ =>
            {
                try
                {
                    await write().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "Recording the circuit of endpoint {Endpoint} ({What}) for the cluster failed", endpointId, what);
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }
}
