using System.Collections.Concurrent;

namespace Hookline.Core.Engine;

/// <summary>
/// Since when each endpoint has been failing without a single success in between, as this node
/// knows it; <see cref="SharedCircuits"/> keeps the start of each streak in the store as well.
/// </summary>
internal sealed class FailingStreaks
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    public void Succeeded(string endpointId) => _since.TryRemove(endpointId, out _);

    /// <summary>Records a failure; returns when the streak began.</summary>
    public DateTimeOffset Failed(string endpointId, DateTimeOffset at) => _since.GetOrAdd(endpointId, at);

    public void Forget(string endpointId) => _since.TryRemove(endpointId, out _);

    /// <summary>The streak is known to have begun at <paramref name="since"/> (or earlier, if seen so here); returns its start.</summary>
    public DateTimeOffset Began(string endpointId, DateTimeOffset since) =>
        _since.AddOrUpdate(endpointId, since, (_, known) => known < since ? known : since);
}
