using System.Collections.Concurrent;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hookline.Core.Engine;

/// <summary>
/// Sends due deliveries. A claim loop leases due deliveries from the store in batches and hands
/// each to its endpoint's lane (a queue with the endpoint's concurrency limit); lanes that are full
/// are left out of the next claim, so a slow endpoint holds only its own work. Outcomes go through
/// a group-commit writer. Every wait runs on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class DeliveryEngine : ICircuitStates
{
    private readonly IHooklineStore _store;
    private readonly WebhookSender _sender;
    private readonly TimeProvider _clock;
    private readonly DeliveryEngineOptions _options;
    private readonly ILogger _logger;
    private readonly WebhookRequestBuilder _builder;
    private readonly ContentComposer _content;
    private readonly DeliveryStateMachine _stateMachine;
    private readonly EndpointCache _cache;
    private readonly OutcomeWriter _writer;
    private readonly AsyncSignal _wake;

    private readonly LaneSet _lanes;
    private readonly EndpointOwnership _ownership;
    private readonly EndpointHolds _holds = new();
    private readonly ClaimLoop _claimLoop;
    private readonly HeldReleases _held;
    private readonly RateGate _rateGate;
    private readonly ConcurrentBag<string> _cutOff = [];

    /// <summary>
    /// When the last claim that came back short was made: whatever was due by then and not taken
    /// belongs to endpoints left out of claims here (full lanes, holds, another node's endpoint lease).
    /// </summary>
    private DateTimeOffset _claimedShortAt = DateTimeOffset.MinValue;

    // Shutdown, in its order: the RunAsync token stops claiming; then _stopWaiting ends the waits of
    // deliveries not yet on the wire (rate tokens), which go back unsent; after the grace period
    // _abortSends cuts off requests still on the wire; the writer's flush deadline ends last.
    private readonly CancellationTokenSource _stopWaiting = new();
    private readonly CancellationTokenSource _abortSends = new();
    private int _started;

    public DeliveryEngine(
        IHooklineStore store,
        WebhookSender sender,
        TimeProvider clock,
        Random random,
        DeliveryEngineOptions? options = null,
        ILogger<DeliveryEngine>? logger = null,
        ContentComposer? content = null)
    {
        _store = store;
        _sender = sender;
        _clock = clock;
        _options = options ?? new DeliveryEngineOptions();
        DeliveryEngineOptionsRules.ThrowIfInvalid(_options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _builder = new WebhookRequestBuilder(clock);
        _content = content ?? ContentComposer.EnvelopeOnly;
        _stateMachine = new DeliveryStateMachine(new RetryScheduler(random), _options.MaxRetryAfter);
        _cache = new EndpointCache(store.Endpoints, clock, _options.EndpointCacheTtl);
        _writer = new OutcomeWriter(store.Queue, clock, _options.CommitBatchSize, _logger, OnCommitted);
        _wake = new AsyncSignal(clock);
        _circuits = new CircuitBreakerRegistry(_options.Breaker, clock);
        _rates = new RateWindowRegistry(clock);
        _circuits.StateChanged += OnCircuitChanged;
        _shared = new SharedCircuits(store.Circuits, _circuits, clock, _options.NodeId, _logger);
        _lanes = new LaneSet(_options.MaxInFlight, _options.DefaultEndpointConcurrency, _options.LaneBacklogPerSlot, ProcessAsync);
        _ownership = new EndpointOwnership(store.Queue, _rates, clock, _options.NodeId, _options.EndpointLeaseDuration, _logger);
        _claimLoop = new ClaimLoop(_wake, clock, _options.ClaimErrorBackoff, _logger);
        _held = new HeldReleases(store.Queue, clock, _options.BatchSize, _logger);
        _rateGate = new RateGate(_rates, clock, _options.LeaseMargin);
    }

    /// <summary>Claim passes made so far (tests use it to know the engine has looked at the clock).</summary>
    internal long ClaimPasses => _claimLoop.Passes;

    /// <summary>Deliveries held in memory: waiting in a lane, being sent, or waiting for their commit.</summary>
    public int InFlight => _lanes.InMemory;

    /// <summary>Something became due (a publish, a retry request): claim now instead of at the next poll.</summary>
    public void Wake() => _wake.Set();

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, then shuts down gracefully: no more claims,
    /// requests on the wire get <see cref="DeliveryEngineOptions.ShutdownGracePeriod"/> to finish,
    /// waiting deliveries are given back due now, and every outcome is written before returning.
    /// </summary>
    public async Task RunAsync(CancellationToken stopClaiming)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("a DeliveryEngine runs once");
        }
        using var flushDeadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        var writer = Task.Run(() => _writer.RunAsync(flushDeadline.Token), CancellationToken.None);
        try
        {
            await TakeBackOwnLeasesAsync(stopClaiming).ConfigureAwait(false);
            await _claimLoop.RunAsync(ClaimPassAsync, IdleWaitAsync, stopClaiming).ConfigureAwait(false);
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
            _writer.Close();
            flushDeadline.CancelAfter(_options.ShutdownFlushTimeout);
            await writer.ConfigureAwait(false);
            _abortSends.Dispose();
            _stopWaiting.Dispose();
        }
    }

    private async Task TakeBackOwnLeasesAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Leases of this node's previous run: nobody is working on them, so they are due now.
                var now = _clock.GetUtcNow();
                var released = await _store.Queue.ReleaseOwnerAsync(_options.NodeId, now, now, stop).ConfigureAwait(false);
                if (released > 0)
                {
                    _logger.LogInformation("Took back {Count} deliveries leased by the previous run of node {Node}", released, _options.NodeId);
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Releasing the previous leases of node {Node} failed; retrying", _options.NodeId);
                await DelayQuietlyAsync(_options.ClaimErrorBackoff, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One pass of the claim loop: keep endpoint leases and circuits fresh, then claim.</summary>
    private async Task<bool> ClaimPassAsync()
    {
        await _shared.RefreshAsync(_options.EndpointCacheTtl).ConfigureAwait(false);
        await _held.ReleaseAsync(
            id => !_circuits.TryGet(id, out var circuit) || circuit!.State == CircuitState.Closed,
            id => _lanes.Full().Contains(id, StringComparer.Ordinal)).ConfigureAwait(false);
        var lost = await _ownership.KeepAsync(_lanes.HasWork).ConfigureAwait(false);
        if (lost.Count > 0)
        {
            var waiting = lost.SelectMany(_lanes.TakeWaiting).ToList();
            _logger.LogWarning("Lost the lease of {Count} endpoints to another node; gave back {Deliveries} waiting deliveries", lost.Count, waiting.Count);
            await ReleaseQuietlyAsync(waiting, _clock.GetUtcNow()).ConfigureAwait(false);
        }
        return await ClaimOnceAsync().ConfigureAwait(false);
    }

    /// <summary>One claim; true when it filled the batch, so more may be waiting right now.</summary>
    private async Task<bool> ClaimOnceAsync()
    {
        var limit = _lanes.ClaimLimit(_options.BatchSize);
        List<string> excluded = [.. _lanes.Full(), .. _holds.HeldAt(_clock.GetUtcNow())];
        if (limit <= 0)
        {
            return false;
        }
        var now = _clock.GetUtcNow();
        var leaseUntil = now + _options.LeaseDuration;
        // Not cancellable: a claim that commits must reach the lanes (or be released), or its leases would idle until expiry.
        var claimed = await _store.Queue.ClaimAsync(
            new ClaimRequest(_options.NodeId, now, leaseUntil, limit, excluded.Count > 0 ? excluded : null), CancellationToken.None).ConfigureAwait(false);
        if (claimed.Count < limit)
        {
            _claimedShortAt = now;
        }
        if (claimed.Count == 0)
        {
            return false;
        }
        var park = new List<string>();
        var giveBack = new List<string>();
        var gone = new List<string>();
        var sendable = new List<(Endpoint Endpoint, IGrouping<string, LeasedDelivery> Deliveries)>();
        foreach (var group in claimed.GroupBy(c => c.Delivery.EndpointId, StringComparer.Ordinal))
        {
            EndpointSnapshot? snapshot;
            try
            {
                snapshot = await _cache.GetAsync(group.Key, CancellationToken.None).ConfigureAwait(false);
                if (snapshot is { Endpoint.Disabled: true })
                {
                    snapshot = await _cache.ReloadAsync(group.Key, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Loading endpoint {Endpoint} failed; giving its deliveries back", group.Key);
                giveBack.AddRange(group.Select(c => c.Delivery.Id));
                continue;
            }
            if (snapshot is null)
            {
                // Deleting an endpoint skips its unfinished deliveries; these were leased meanwhile, so settle them too.
                gone.AddRange(group.Select(c => c.Delivery.Id));
                continue;
            }
            if (snapshot.Endpoint.Disabled)
            {
                park.AddRange(group.Select(c => c.Delivery.Id));
                continue;
            }
            sendable.Add((snapshot.Endpoint, group));
        }
        await _shared.SyncAsync([.. sendable.Select(s => s.Endpoint.Id)]).ConfigureAwait(false);
        var refused = await _ownership.TakeAsync([.. sendable.Select(s => s.Endpoint).Where(EndpointOwnership.NeedsOwner)]).ConfigureAwait(false);
        foreach (var (endpoint, deliveries) in sendable)
        {
            // At-least-once checkpoint: deliveries of an endpoint another node owns go back unsent, due now for their owner.
            giveBack.AddRange(refused.Contains(endpoint.Id) ? deliveries.Select(d => d.Delivery.Id) : _lanes.Enqueue(endpoint, deliveries, leaseUntil));
        }
        await ReleaseQuietlyAsync(park, null).ConfigureAwait(false);
        await ReleaseQuietlyAsync(giveBack, _clock.GetUtcNow()).ConfigureAwait(false);
        await SkipGoneQuietlyAsync(gone).ConfigureAwait(false);
        return claimed.Count == limit;
    }

    private async Task ProcessAsync(EndpointLane lane, LeasedWork work)
    {
        var handedToWriter = false;
        try
        {
            if (await AttemptAsync(work).ConfigureAwait(false) is { } outcome)
            {
                var committed = lane.Ordered ? WatchCommit(outcome.DeliveryId) : null;
                _writer.Add(outcome);
                handedToWriter = true;
                if (committed is not null)
                {
                    // The next delivery of an ordered endpoint reads the store to find the head of the
                    // line, so this one's outcome must be there before the lane moves on.
                    await committed.WaitAsync(_abortSends.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_abortSends.IsCancellationRequested && !handedToWriter)
        {
            // Cut off by shutdown: the receiver may have seen it, but nothing is recorded, so it goes out again.
            _cutOff.Add(work.DeliveryId);
        }
        catch (OperationCanceledException) when (_abortSends.IsCancellationRequested)
        {
            // Cut off while waiting for its commit: the writer still owns the outcome.
        }
        catch (Exception e) when (!handedToWriter)
        {
            // Recorded as a failed attempt, so it shows on the delivery and backs off by its schedule.
            _writer.Add(await EngineErrorOutcomeAsync(work, e).ConfigureAwait(false));
            handedToWriter = true;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Delivery {Delivery} failed after its outcome was handed to the writer", work.DeliveryId);
        }
        finally
        {
            if (_lanes.SendEnded(lane, stillInMemory: handedToWriter))
            {
                // This lane was left out of claims while full; it has room again.
                _wake.Set();
            }
        }
    }

    private async Task<TimeSpan> IdleWaitAsync(CancellationToken stop)
    {
        _cache.Prune();
        var wait = _options.PollInterval;
        // Due work we could not take (full lanes, memory cap) wakes us when room frees up.
        var blocked = _lanes.Blocked;
        // Work of an endpoint held back (open circuit, chat rate limit) may be due already;
        // look again when the earliest hold ends rather than spin on it.
        if (_holds.EarliestEndAfter(_clock.GetUtcNow()) is { } holdEnds)
        {
            blocked = true;
            var untilHold = holdEnds - _clock.GetUtcNow();
            if (untilHold < wait)
            {
                wait = untilHold < TimeSpan.Zero ? TimeSpan.Zero : untilHold;
            }
        }
        try
        {
            if (await _store.Queue.NextDueAsync(stop).ConfigureAwait(false) is { } next)
            {
                var until = next - _clock.GetUtcNow();
                // Due already when the last claim came back short, yet not taken: not ours to take now (another
                // node's endpoint, a full lane, a hold). Claiming again at once would only read it again.
                if (until <= TimeSpan.Zero && (blocked || next <= _claimedShortAt))
                {
                    return wait;
                }
                if (until < wait)
                {
                    wait = until;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return TimeSpan.Zero;
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reading the next due time failed");
        }
        return wait;
    }

    private async Task ShutdownAsync()
    {
        await _stopWaiting.CancelAsync().ConfigureAwait(false);
        var (waiting, sending) = _lanes.Close();
        // Waiting deliveries were never sent: due now, so another node (or our next start) takes them at once.
        await ReleaseQuietlyAsync(waiting, _clock.GetUtcNow()).ConfigureAwait(false);

        var all = Task.WhenAll(sending);
        try
        {
            await all.WaitAsync(_options.ShutdownGracePeriod, _clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("{Count} requests still running after the shutdown grace period; cutting them off", sending.Count(t => !t.IsCompleted));
            await _abortSends.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        await ReleaseQuietlyAsync([.. _cutOff], _clock.GetUtcNow()).ConfigureAwait(false);
        await _ownership.GiveUpAllAsync().ConfigureAwait(false);
        await _shared.FlushAsync().ConfigureAwait(false);
    }

    private void OnCommitted(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var wake = _lanes.Committed(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            if (_commitWaiters.TryRemove(outcome.DeliveryId, out var waiter))
            {
                waiter.TrySetResult();
            }
        }
        if (wake)
        {
            _wake.Set();
        }
        EmitCommittedEvents(outcomes);
    }

    /// <summary>Gives leases back; a failure only delays those deliveries until their leases expire.</summary>
    private async Task ReleaseQuietlyAsync(List<string> deliveryIds, DateTimeOffset? dueAt)
    {
        if (deliveryIds.Count == 0)
        {
            return;
        }
        try
        {
            await _store.Queue.ReleaseAsync(_options.NodeId, deliveryIds, dueAt, _clock.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Giving back {Count} leases failed; they become due when the leases expire", deliveryIds.Count);
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _clock, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
