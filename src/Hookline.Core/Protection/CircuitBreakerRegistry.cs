using System.Collections.Concurrent;

namespace Hookline.Core.Protection;

/// <summary>The circuit of every endpoint, created on first use; state changes of all of them in one event.</summary>
public sealed class CircuitBreakerRegistry
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;

    public CircuitBreakerRegistry(CircuitBreakerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        // Checked here so a bad configuration fails at startup, not on the first delivery.
        options.Validate();
        _options = options;
        _time = time;
    }

    /// <summary>Raised after any endpoint's circuit changes state, outside that circuit's lock.</summary>
    public event EventHandler<CircuitStateChangedEventArgs>? StateChanged;

    public CircuitBreaker Get(string endpointId) => _breakers.GetOrAdd(endpointId, Create);

    public bool TryGet(string endpointId, out CircuitBreaker? breaker) => _breakers.TryGetValue(endpointId, out breaker);

    /// <summary>Forgets an endpoint's circuit, e.g. when the endpoint is deleted.</summary>
    public bool Remove(string endpointId) => _breakers.TryRemove(endpointId, out _);

    public IReadOnlyList<CircuitSnapshot> Snapshots() => _breakers.Values.Select(b => b.Snapshot()).ToList();

    private CircuitBreaker Create(string endpointId)
    {
        var breaker = new CircuitBreaker(endpointId, _options, _time);
        breaker.StateChanged += (sender, e) => StateChanged?.Invoke(sender, e);
        return breaker;
    }
}
