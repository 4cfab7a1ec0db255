using System.Collections.Concurrent;
using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>The engine's per-endpoint protection state: circuits, rate buckets, failing streaks and holds.</summary>
public sealed partial class DeliveryEngine
{
    private readonly CircuitBreakerRegistry _circuits;
    private readonly RateWindowRegistry _rates;
    private readonly FailingStreaks _streaks = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _commitWaiters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _draining = new();

    /// <summary>Endpoints left out of claims until the given time. Guarded by <see cref="_gate"/>.</summary>
    private readonly Dictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    /// <summary>Raised after any endpoint's circuit changes state on this node.</summary>
    public event EventHandler<CircuitStateChangedEventArgs>? CircuitChanged;

    public CircuitSnapshot? Find(string endpointId) =>
        _circuits.TryGet(endpointId, out var breaker) ? breaker!.Snapshot() : null;

    /// <summary>Leaves the endpoint out of claims until <paramref name="until"/>: its work would only be given back.</summary>
    private void Hold(string endpointId, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(endpointId, out var current) || current < until)
            {
                _held[endpointId] = until;
            }
        }
    }

    private void Unhold(string endpointId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _held.Remove(endpointId);
        }
        if (removed)
        {
            _wake.Set();
        }
    }

    /// <summary>Endpoints held at <paramref name="now"/>; forgets holds that have ended. Caller holds the lock.</summary>
    private List<string> HeldEndpointsLocked(DateTimeOffset now)
    {
        var held = new List<string>();
        var ended = new List<string>();
        foreach (var (id, until) in _held)
        {
            (until > now ? held : ended).Add(id);
        }
        foreach (var id in ended)
        {
            _held.Remove(id);
        }
        return held;
    }

    private DateTimeOffset? EarliestHoldEndLocked(DateTimeOffset now)
    {
        DateTimeOffset? earliest = null;
        foreach (var until in _held.Values)
        {
            if (until > now && (earliest is null || until < earliest))
            {
                earliest = until;
            }
        }
        return earliest;
    }

    private Task WatchCommit(string deliveryId)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commitWaiters[deliveryId] = waiter;
        return waiter.Task;
    }

    private void OnCircuitChanged(object? sender, CircuitStateChangedEventArgs e)
    {
        _logger.LogInformation("Circuit of endpoint {Endpoint}: {From} -> {To} ({Reason})", e.EndpointId, e.From, e.To, e.Reason);
        if (e.To != CircuitState.HalfOpen)
        {
            // The probe has reported: held deliveries go now (closed) or learn the new probe time (open).
            Unhold(e.EndpointId);
        }
        CircuitChanged?.Invoke(this, e);
        EmitCircuitEvent(e);
    }

    /// <summary>Feeds an attempt's outcome to the endpoint's circuit and failing streak; true when the endpoint should be disabled.</summary>
    private string? RecordOutcome(Endpoint endpoint, SendResult result, bool toFailover, DateTimeOffset now)
    {
        if (!toFailover)
        {
            switch (BreakerVerdicts.Of(result))
            {
                case BreakerVerdict.Healthy:
                    _circuits.Get(endpoint.Id).RecordSuccess();
                    break;
                case BreakerVerdict.Unhealthy:
                    _circuits.Get(endpoint.Id).RecordFailure();
                    break;
            }
        }
        if (result.Succeeded)
        {
            _streaks.Succeeded(endpoint.Id);
            return null;
        }
        var since = _streaks.Failed(endpoint.Id, now);
        if (_options.AutoDisableAfter is { } after && now - since >= after)
        {
            return $"failing since {since:O}";
        }
        return null;
    }
}
