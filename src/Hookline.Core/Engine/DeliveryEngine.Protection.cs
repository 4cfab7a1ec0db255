using System.Collections.Concurrent;
using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>The engine's per-endpoint protection state: circuits, rate windows and failing streaks.</summary>
public sealed partial class DeliveryEngine
{
    private readonly CircuitBreakerRegistry _circuits;
    private readonly RateWindowRegistry _rates;
    private readonly SharedCircuits _shared;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _commitWaiters = new(StringComparer.Ordinal);

    /// <summary>Raised after any endpoint's circuit changes state on this node.</summary>
    public event EventHandler<CircuitStateChangedEventArgs>? CircuitChanged;

    public CircuitSnapshot? Find(string endpointId) =>
        _circuits.TryGet(endpointId, out var breaker) ? breaker!.Snapshot() : null;

    private void Unhold(string endpointId)
    {
        if (_holds.Release(endpointId))
        {
            _wake.Set();
        }
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
        if (e.To == CircuitState.Closed)
        {
            _held.Closed(e.EndpointId);
            _wake.Set();
        }
        CircuitChanged?.Invoke(this, e);
        if (e.Reason != CircuitBreaker.SharedReason)
        {
            // The node that decided the change reports it; the others only follow.
            EmitCircuitEvent(e);
        }
    }

    /// <summary>Feeds an attempt's outcome to the endpoint's circuit and failing streak; a reason when the endpoint should be disabled.</summary>
    private async Task<string?> RecordOutcomeAsync(Endpoint endpoint, SendResult result, bool toFailover, DateTimeOffset now)
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
            _shared.Succeeded(endpoint.Id);
            return null;
        }
        var since = await _shared.FailedAsync(endpoint.Id, now).ConfigureAwait(false);
        if (_options.AutoDisableAfter is { } after && now - since >= after)
        {
            return $"failing since {since:O}";
        }
        return null;
    }
}
