using System.Collections.Concurrent;
using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>
/// Endpoints and their secrets, kept for a short time so a busy endpoint costs one read per TTL
/// rather than one per delivery. Concurrent loads of one endpoint share a single read.
/// </summary>
internal sealed class EndpointCache(IEndpointStore store, TimeProvider clock, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The endpoint, or null when it no longer exists.</summary>
    public async Task<EndpointSnapshot?> GetAsync(string endpointId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(endpointId, out var entry) && now - entry.LoadedAt < ttl && !entry.Load.IsFaulted && !entry.Load.IsCanceled)
        {
            return await entry.Load.ConfigureAwait(false);
        }
        var fresh = new Entry(LoadAsync(endpointId, ct), now);
        entry = _entries.AddOrUpdate(endpointId, fresh, (_, old) => old == entry || old.Load.IsFaulted ? fresh : old);
        try
        {
            return await entry.Load.ConfigureAwait(false);
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(endpointId, entry));
            throw;
        }
    }

    public void Invalidate(string endpointId) => _entries.TryRemove(endpointId, out _);

    /// <summary>
    /// Reads the endpoint again, ignoring the cache. Used before parking deliveries of a disabled
    /// endpoint: a copy cached before an operator enabled it again would park them after the enable
    /// had already made parked deliveries due, stranding them.
    /// </summary>
    public Task<EndpointSnapshot?> ReloadAsync(string endpointId, CancellationToken ct)
    {
        Invalidate(endpointId);
        return GetAsync(endpointId, ct);
    }

    /// <summary>Drops entries past their TTL so endpoints that went quiet don't stay in memory.</summary>
    public void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in _entries)
        {
            if (now - entry.LoadedAt >= ttl)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            }
        }
    }

    private async Task<EndpointSnapshot?> LoadAsync(string endpointId, CancellationToken ct)
    {
        var endpoint = await store.FindAsync(endpointId, ct).ConfigureAwait(false);
        if (endpoint is null)
        {
            return null;
        }
        var secrets = await store.GetSecretsAsync(endpointId, ct).ConfigureAwait(false);
        return new EndpointSnapshot(endpoint, secrets);
    }

    private sealed record Entry(Task<EndpointSnapshot?> Load, DateTimeOffset LoadedAt);
}
