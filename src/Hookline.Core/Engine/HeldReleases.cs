using System.Collections.Concurrent;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// Deliveries an open circuit held in the store, made due again once it has closed: a batch per
/// claim pass while the endpoint's lane has room, so a large backlog comes back at the pace it is
/// sent instead of all at once (where every claim would scan past the part that cannot go yet).
/// A node that starts, and every <see cref="SweepInterval"/> after, looks for held deliveries of
/// circuits that closed while no node was there to release them.
/// </summary>
internal sealed class HeldReleases(IDeliveryQueue queue, TimeProvider clock, int batchSize, ILogger logger)
{
    /// <summary>How often the store is asked which endpoints have held deliveries.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, byte> _releasing = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>The endpoint's circuit closed: its held deliveries are to be released.</summary>
    public void Closed(string endpointId) => _releasing[endpointId] = 0;

    /// <summary>
    /// Releases one batch of each endpoint whose circuit is closed and whose lane has room; an
    /// endpoint whose circuit opened again is dropped (the opening holds its work once more).
    /// </summary>
    public async Task ReleaseAsync(Func<string, bool> circuitClosed, Func<string, bool> laneFull)
    {
        var now = clock.GetUtcNow();
        if (now >= _nextSweep)
        {
            _nextSweep = now + SweepInterval;
            try
            {
                foreach (var endpointId in await queue.HeldEndpointsAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    _releasing.TryAdd(endpointId, 0);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for deliveries held by circuits failed; looking again in {Interval}", SweepInterval);
            }
        }
        foreach (var endpointId in _releasing.Keys)
        {
            if (!circuitClosed(endpointId))
            {
                _releasing.TryRemove(endpointId, out _);
                continue;
            }
            if (laneFull(endpointId))
            {
                continue;
            }
            try
            {
                if (await queue.ReleaseHeldAsync(endpointId, now, batchSize, CancellationToken.None).ConfigureAwait(false) < batchSize)
                {
                    _releasing.TryRemove(endpointId, out _);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Releasing the held deliveries of endpoint {Endpoint} failed; retrying at the next claim", endpointId);
            }
        }
    }
}
