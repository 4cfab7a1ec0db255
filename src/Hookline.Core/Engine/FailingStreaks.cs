using System.Collections.Concurrent;

namespace Hookline.Core.Engine;

/// <summary>
/// Since when each endpoint has been failing without a single success in between, from the
/// attempts this node made. In memory, per node: a restart starts every streak afresh.
/// </summary>
internal sealed class FailingStreaks
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    public void Succeeded(string endpointId) => _since.TryRemove(endpointId, out _);

    /// <summary>Records a failure; returns when the streak began.</summary>
    public DateTimeOffset Failed(string endpointId, DateTimeOffset at) => _since.GetOrAdd(endpointId, at);

    public void Forget(string endpointId) => _since.TryRemove(endpointId, out _);
}
