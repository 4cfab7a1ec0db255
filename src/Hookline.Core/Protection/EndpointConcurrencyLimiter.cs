using System.Collections.Concurrent;

namespace Hookline.Core.Protection;

/// <summary>
/// Caps attempts in flight per endpoint. The limit is passed on every acquire (or set with
/// <see cref="SetLimit"/>), so a changed endpoint setting applies at once: a raised limit lets
/// waiters in, a lowered one lets in-flight attempts finish and admits no more until below it.
/// Waiters are admitted in arrival order.
/// </summary>
public sealed class EndpointConcurrencyLimiter
{
    private readonly ConcurrentDictionary<string, ConcurrencyGate> _gates = new(StringComparer.Ordinal);

    /// <param name="limit">Most attempts in flight; null means unlimited.</param>
    /// <returns>A lease; disposing it frees the slot (once, however often it is disposed).</returns>
    public ValueTask<IDisposable> AcquireAsync(string endpointId, int? limit, CancellationToken cancellationToken = default) =>
        Gate(endpointId).AcquireAsync(limit, cancellationToken);

    public bool TryAcquire(string endpointId, int? limit, out IDisposable? lease) =>
        Gate(endpointId).TryAcquire(limit, out lease);

    public void SetLimit(string endpointId, int? limit) => Gate(endpointId).SetLimit(limit);

    public int InFlight(string endpointId) => _gates.TryGetValue(endpointId, out var gate) ? gate.InFlight : 0;

    public int Waiting(string endpointId) => _gates.TryGetValue(endpointId, out var gate) ? gate.Waiting : 0;

    private ConcurrencyGate Gate(string endpointId) => _gates.GetOrAdd(endpointId, static _ => new ConcurrencyGate());
}
