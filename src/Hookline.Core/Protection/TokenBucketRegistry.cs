using System.Collections.Concurrent;

namespace Hookline.Core.Protection;

/// <summary>
/// The rate limit bucket of every endpoint, created on first use. The rate is passed on each call,
/// so a changed endpoint setting takes effect on its next attempt without a restart.
/// </summary>
public sealed class TokenBucketRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <param name="capacity">Burst size; null for the default, max(1, rate).</param>
    public bool TryTake(string endpointId, double ratePerSecond, double? capacity, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(endpointId, _ => new TokenBucket(ratePerSecond, capacity, now));
        var wantedCapacity = capacity ?? TokenBucket.DefaultCapacity(ratePerSecond);
        if (bucket.RatePerSecond != ratePerSecond || bucket.Capacity != wantedCapacity)
        {
            bucket.Update(ratePerSecond, capacity, now);
        }
        return bucket.TryTake(now, out retryAfter);
    }

    public bool TryGet(string endpointId, out TokenBucket? bucket) => _buckets.TryGetValue(endpointId, out bucket);

    /// <summary>Forgets an endpoint's bucket, e.g. when its limit is removed or it is deleted.</summary>
    public bool Remove(string endpointId) => _buckets.TryRemove(endpointId, out _);
}
