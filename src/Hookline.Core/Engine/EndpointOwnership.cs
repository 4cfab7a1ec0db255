using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// Endpoint ownership across nodes: an endpoint with a rate limit, a concurrency limit or strict
/// ordering is sent to by one node at a time, the holder of its endpoint lease in the store. The
/// limits are enforced in that node's memory (its lane and rate window), so they hold exactly
/// however many nodes share the database. Ownership is renewed while the node has work for the
/// endpoint and given up once its lane is idle, so the endpoint moves to whichever node claims it
/// next; the rate window's quiet time travels with it, so a hand-over never lets more than the rate
/// through in one second.
/// </summary>
internal sealed class EndpointOwnership(IDeliveryQueue leases, RateWindowRegistry rates, TimeProvider clock, string nodeId, TimeSpan leaseDuration, ILogger logger)
{
    private readonly Lock _gate = new();

    /// <summary>Endpoints this node holds, with the end of its lease.</summary>
    private readonly Dictionary<string, DateTimeOffset> _owned = new(StringComparer.Ordinal);
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;

    /// <summary>Whether the endpoint's limits need a single sender across nodes.</summary>
    public static bool NeedsOwner(Endpoint endpoint) =>
        endpoint.Ordered || endpoint.MaxConcurrency is not null || endpoint.RateLimitPerSecond is not null;

    /// <summary>Whether this node holds the endpoint's lease (as far as it knows).</summary>
    public bool Owns(string endpointId)
    {
        lock (_gate)
        {
            return _owned.ContainsKey(endpointId);
        }
    }

    /// <summary>
    /// Makes sure this node holds each of <paramref name="endpoints"/> (taking or renewing leases
    /// that are missing or half spent); returns those it could not get, held by another node.
    /// </summary>
    public async Task<HashSet<string>> TakeAsync(IReadOnlyCollection<Endpoint> endpoints)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        List<string> needed;
        lock (_gate)
        {
            needed = [.. endpoints
                .Where(e => !_owned.TryGetValue(e.Id, out var until) || until - now < leaseDuration / 2)
                .Select(e => e.Id)];
        }
        if (needed.Count == 0)
        {
            return refused;
        }
        var until = now + leaseDuration;
        IReadOnlySet<string> held;
        try
        {
            held = await leases.HoldEndpointsAsync(nodeId, needed, until, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Taking the lease of {Count} endpoints failed; giving their deliveries back", needed.Count);
            held = new HashSet<string>();
        }
        var taken = new List<Endpoint>();
        lock (_gate)
        {
            foreach (var id in needed)
            {
                if (held.Contains(id))
                {
                    if (!_owned.ContainsKey(id) && endpoints.FirstOrDefault(e => e.Id == id) is { RateLimitPerSecond: not null } limited)
                    {
                        taken.Add(limited);
                    }
                    _owned[id] = until;
                }
                else if (!_owned.TryGetValue(id, out var current) || current <= now)
                {
                    // Another node owns it (or the store failed and our lease has run out): hands off.
                    _owned.Remove(id);
                    refused.Add(id);
                }
            }
        }
        await HoldBackAfterHandOverAsync(taken, now).ConfigureAwait(false);
        return refused;
    }

    /// <summary>
    /// Once per third of a lease: renews the endpoints this node still has work for and gives up
    /// the ones it has none for. Returns the endpoints whose lease was lost to another node (this
    /// node could not renew in time): their waiting deliveries must be given back unsent.
    /// </summary>
    public async Task<IReadOnlyList<string>> KeepAsync(Func<string, bool> hasWork)
    {
        var now = clock.GetUtcNow();
        if (now < _nextCheck)
        {
            return [];
        }
        _nextCheck = now + leaseDuration / 3;
        List<string> busy;
        List<string> idle;
        lock (_gate)
        {
            busy = [.. _owned.Keys.Where(hasWork)];
            idle = [.. _owned.Keys.Where(id => !busy.Contains(id, StringComparer.Ordinal))];
            foreach (var id in idle)
            {
                _owned.Remove(id);
            }
        }
        try
        {
            await ReleaseAsync(idle).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Giving up {Count} idle endpoint leases failed; they lapse on their own", idle.Count);
        }
        if (busy.Count == 0)
        {
            return [];
        }
        var until = now + leaseDuration;
        IReadOnlySet<string> held;
        try
        {
            held = await leases.HoldEndpointsAsync(nodeId, busy, until, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Renewing {Count} endpoint leases failed; retrying at the next claim", busy.Count);
            _nextCheck = now;
            return [];
        }
        var lost = new List<string>();
        lock (_gate)
        {
            foreach (var id in busy)
            {
                if (held.Contains(id))
                {
                    _owned[id] = until;
                    continue;
                }
                _owned.Remove(id);
                lost.Add(id);
            }
        }
        return lost;
    }

    /// <summary>On shutdown, once nothing is in flight: every endpoint this node held is free for the others.</summary>
    public async Task GiveUpAllAsync()
    {
        List<string> owned;
        lock (_gate)
        {
            owned = [.. _owned.Keys];
            _owned.Clear();
        }
        try
        {
            await ReleaseAsync(owned).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Giving up {Count} endpoint leases on shutdown failed; they lapse on their own", owned.Count);
        }
    }

    /// <summary>
    /// A rate-limited endpoint just taken from another node: its window counts as full until the
    /// quiet time the previous owner recorded.
    /// </summary>
    private async Task HoldBackAfterHandOverAsync(List<Endpoint> taken, DateTimeOffset now)
    {
        if (taken.Count == 0)
        {
            return;
        }
        try
        {
            var quiet = await leases.ReadRateQuietAsync([.. taken.Select(e => e.Id)], now, CancellationToken.None).ConfigureAwait(false);
            foreach (var endpoint in taken)
            {
                if (quiet.TryGetValue(endpoint.Id, out var until) && EndpointLimits.RateOf(endpoint) is { } rate)
                {
                    rates.HoldUntil(endpoint.Id, rate, until);
                }
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reading the hand-over quiet times of {Count} endpoints failed; holding each back for a full window", taken.Count);
            foreach (var endpoint in taken)
            {
                if (EndpointLimits.RateOf(endpoint) is { } rate)
                {
                    rates.HoldUntil(endpoint.Id, rate, now + TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    /// <summary>Gives up endpoint leases, first recording the quiet time of each rate window that still counts.</summary>
    private async Task ReleaseAsync(List<string> endpointIds)
    {
        var quiet = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var id in endpointIds)
        {
            if (rates.QuietUntil(id) is { } until)
            {
                quiet[id] = until;
            }
        }
        // Quiet times first: an endpoint is free for the others from the moment its lease is gone.
        await leases.RecordRateQuietAsync(quiet, CancellationToken.None).ConfigureAwait(false);
        await leases.ReleaseEndpointsAsync(nodeId, endpointIds, CancellationToken.None).ConfigureAwait(false);
    }
}
