using System.Collections.Concurrent;

namespace Hookline.Client.Receiving;

/// <summary>
/// Remembers the <c>webhook-id</c>s a receiver has handled, so a redelivery is acknowledged without
/// being handled twice. Keep it in a shared store (Redis, a database table) when several instances receive.
/// </summary>
public interface IWebhookIdStore
{
    /// <summary>Claims <paramref name="id"/> for <paramref name="keepFor"/>; false when it was already claimed.</summary>
    ValueTask<bool> TryClaimAsync(string id, TimeSpan keepFor, CancellationToken ct);

    /// <summary>Gives the id back when handling failed, so the sender's retry is handled.</summary>
    ValueTask ReleaseAsync(string id, CancellationToken ct);
}

/// <summary>In-process de-duplication: enough for a single instance.</summary>
public sealed class InMemoryWebhookIdStore(TimeProvider? clock = null) : IWebhookIdStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ValueTask<bool> TryClaimAsync(string id, TimeSpan keepFor, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        if (_seen.Count > 10_000)
        {
            foreach (var (key, until) in _seen)
            {
                if (until <= now)
                {
                    _seen.TryRemove(key, out _);
                }
            }
        }
        var expires = now + keepFor;
        while (true)
        {
            if (_seen.TryAdd(id, expires))
            {
                return ValueTask.FromResult(true);
            }
            if (_seen.TryGetValue(id, out var existing))
            {
                if (existing > now)
                {
                    return ValueTask.FromResult(false);
                }
                if (_seen.TryUpdate(id, expires, existing))
                {
                    return ValueTask.FromResult(true);
                }
            }
        }
    }

    public ValueTask ReleaseAsync(string id, CancellationToken ct)
    {
        _seen.TryRemove(id, out _);
        return ValueTask.CompletedTask;
    }
}
