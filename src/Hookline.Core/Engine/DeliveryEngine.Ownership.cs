using Hookline.Core.Endpoints;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// Endpoint ownership: an endpoint with a rate limit, a concurrency limit or strict ordering is
/// sent to by one node at a time, the holder of its endpoint lease in the store. The limits are
/// enforced in that node's memory (its lane and rate window), so they hold exactly however many
/// nodes share the database. Ownership is renewed while the node has work for the endpoint and
/// given up once its lane is idle, so the endpoint moves to whichever node claims it next.
/// </summary>
public sealed partial class DeliveryEngine
{
    /// <summary>Endpoints this node holds, with the end of its lease. Guarded by <see cref="_gate"/>.</summary>
    private readonly Dictionary<string, DateTimeOffset> _owned = new(StringComparer.Ordinal);
    private DateTimeOffset _nextOwnershipCheck = DateTimeOffset.MinValue;

    /// <summary>Whether the endpoint's limits need a single sender across nodes.</summary>
    internal static bool NeedsOwner(Endpoint endpoint) =>
        endpoint.Ordered || endpoint.MaxConcurrency is not null || endpoint.RateLimitPerSecond is not null;

    /// <summary>
    /// Makes sure this node holds each of <paramref name="endpoints"/> (taking or renewing leases
    /// that are missing or half spent); returns those it could not get, held by another node.
    /// </summary>
    private async Task<HashSet<string>> TakeOwnershipAsync(IReadOnlyCollection<Endpoint> endpoints)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var now = _clock.GetUtcNow();
        List<string> needed;
        lock (_gate)
        {
            needed = [.. endpoints
                .Where(e => !_owned.TryGetValue(e.Id, out var until) || until - now < _options.EndpointLeaseDuration / 2)
                .Select(e => e.Id)];
        }
        if (needed.Count == 0)
        {
            return refused;
        }
        var until = now + _options.EndpointLeaseDuration;
        IReadOnlySet<string> held;
        try
        {
            held = await _store.Queue.HoldEndpointsAsync(_options.NodeId, needed, until, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Taking the lease of {Count} endpoints failed; giving their deliveries back", needed.Count);
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
    /// A rate-limited endpoint just taken from another node: its window counts as full until the
    /// quiet time the previous owner recorded, so the hand-over never lets more than the rate through
    /// in one second.
    /// </summary>
    private async Task HoldBackAfterHandOverAsync(List<Endpoint> taken, DateTimeOffset now)
    {
        if (taken.Count == 0)
        {
            return;
        }
        try
        {
            var quiet = await _store.Queue.ReadRateQuietAsync([.. taken.Select(e => e.Id)], now, CancellationToken.None).ConfigureAwait(false);
            foreach (var endpoint in taken)
            {
                if (quiet.TryGetValue(endpoint.Id, out var until) && endpoint.RateLimitPerSecond is { } rate && double.IsFinite(rate) && rate > 0)
                {
                    _rates.HoldUntil(endpoint.Id, rate, until);
                }
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reading the hand-over quiet times of {Count} endpoints failed; holding each back for a full window", taken.Count);
            foreach (var endpoint in taken)
            {
                if (endpoint.RateLimitPerSecond is { } rate && double.IsFinite(rate) && rate > 0)
                {
                    _rates.HoldUntil(endpoint.Id, rate, now + TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    /// <summary>Gives up endpoint leases, first recording the quiet time of each rate window that still counts.</summary>
    private async Task ReleaseOwnershipAsync(List<string> endpointIds)
    {
        var quiet = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var id in endpointIds)
        {
            if (_rates.QuietUntil(id) is { } until)
            {
                quiet[id] = until;
            }
        }
        // Quiet times first: an endpoint is free for the others from the moment its lease is gone.
        await _store.Queue.RecordRateQuietAsync(quiet, CancellationToken.None).ConfigureAwait(false);
        await _store.Queue.ReleaseEndpointsAsync(_options.NodeId, endpointIds, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Once per third of a lease: renews the endpoints this node still has work for, and gives up
    /// the ones whose lanes are idle. An endpoint whose lease was lost (this node could not renew
    /// in time and another took it) has its waiting deliveries given back unsent.
    /// </summary>
    private async Task KeepOwnershipAsync()
    {
        var now = _clock.GetUtcNow();
        if (now < _nextOwnershipCheck)
        {
            return;
        }
        _nextOwnershipCheck = now + _options.EndpointLeaseDuration / 3;
        List<string> busy;
        List<string> idle;
        lock (_gate)
        {
            busy = [.. _owned.Keys.Where(_lanes.ContainsKey)];
            idle = [.. _owned.Keys.Where(id => !_lanes.ContainsKey(id))];
            foreach (var id in idle)
            {
                _owned.Remove(id);
            }
        }
        try
        {
            await ReleaseOwnershipAsync(idle).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Giving up {Count} idle endpoint leases failed; they lapse on their own", idle.Count);
        }
        if (busy.Count == 0)
        {
            return;
        }
        var until = now + _options.EndpointLeaseDuration;
        IReadOnlySet<string> held;
        try
        {
            held = await _store.Queue.HoldEndpointsAsync(_options.NodeId, busy, until, now, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Renewing {Count} endpoint leases failed; retrying at the next claim", busy.Count);
            _nextOwnershipCheck = now;
            return;
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
                if (_lanes.TryGetValue(id, out var lane))
                {
                    lost.AddRange(lane.Waiting.Select(w => w.DeliveryId));
                    _inMemory -= lane.Waiting.Count;
                    lane.Waiting.Clear();
                    if (lane.IsIdle)
                    {
                        _lanes.Remove(id);
                    }
                }
            }
        }
        if (lost.Count > 0 || busy.Count != held.Count)
        {
            _logger.LogWarning("Lost the lease of {Count} endpoints to another node; gave back {Deliveries} waiting deliveries", busy.Count - held.Count, lost.Count);
            await ReleaseQuietlyAsync(lost, _clock.GetUtcNow()).ConfigureAwait(false);
        }
    }

    /// <summary>On shutdown, once nothing is in flight: every endpoint this node held is free for the others.</summary>
    private async Task GiveUpOwnershipAsync()
    {
        List<string> owned;
        lock (_gate)
        {
            owned = [.. _owned.Keys];
            _owned.Clear();
        }
        try
        {
            await ReleaseOwnershipAsync(owned).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Giving up {Count} endpoint leases on shutdown failed; they lapse on their own", owned.Count);
        }
    }
}
