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

    private readonly Lock _gate = new();
    private readonly Dictionary<string, EndpointLane> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _sending = [];
    private readonly List<string> _aborted = [];
    private readonly CancellationTokenSource _abort = new();
    private int _inMemory;
    private bool _stopping;
    private int _started;
    private long _claimPasses;

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
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _builder = new WebhookRequestBuilder(clock);
        _content = content ?? ContentComposer.EnvelopeOnly;
        _stateMachine = new DeliveryStateMachine(new RetryScheduler(random), _options.MaxRetryAfter);
        _cache = new EndpointCache(store.Endpoints, clock, _options.EndpointCacheTtl);
        _writer = new OutcomeWriter(store.Queue, clock, Math.Max(1, _options.CommitBatchSize), _logger, OnCommitted);
        _wake = new AsyncSignal(clock);
        _circuits = new CircuitBreakerRegistry(_options.Breaker, clock);
        _rates = new RateWindowRegistry(clock);
        _circuits.StateChanged += OnCircuitChanged;
    }

    /// <summary>Claim passes made so far (tests use it to know the engine has looked at the clock).</summary>
    internal long ClaimPasses => Interlocked.Read(ref _claimPasses);

    /// <summary>Deliveries held in memory: waiting in a lane, being sent, or waiting for their commit.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inMemory;
            }
        }
    }

    /// <summary>Something became due (a publish, a retry request): claim now instead of at the next poll.</summary>
    public void Wake() => _wake.Set();

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, then shuts down gracefully: no more claims,
    /// requests on the wire get <see cref="DeliveryEngineOptions.ShutdownGracePeriod"/> to finish,
    /// waiting deliveries are given back due now, and every outcome is written before returning.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("a DeliveryEngine runs once");
        }
        using var flushDeadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        var writer = Task.Run(() => _writer.RunAsync(flushDeadline.Token), CancellationToken.None);
        try
        {
            await TakeBackOwnLeasesAsync(stop).ConfigureAwait(false);
            await ClaimLoopAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
            _writer.Close();
            flushDeadline.CancelAfter(_options.ShutdownFlushTimeout);
            await writer.ConfigureAwait(false);
            _abort.Dispose();
            _draining.Dispose();
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

    private async Task ClaimLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool fullBatch;
            try
            {
                await KeepOwnershipAsync().ConfigureAwait(false);
                fullBatch = await ClaimOnceAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Claiming deliveries failed; retrying in {Backoff}", _options.ClaimErrorBackoff);
                await DelayQuietlyAsync(_options.ClaimErrorBackoff, stop).ConfigureAwait(false);
                continue;
            }
            finally
            {
                Interlocked.Increment(ref _claimPasses);
            }
            if (fullBatch)
            {
                continue;
            }
            var wait = await IdleWaitAsync(stop).ConfigureAwait(false);
            try
            {
                await _wake.WaitAsync(wait, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One claim; true when it filled the batch, so more may be waiting right now.</summary>
    private async Task<bool> ClaimOnceAsync()
    {
        int limit;
        List<string> excluded;
        lock (_gate)
        {
            limit = Math.Min(_options.BatchSize, _options.MaxInFlight - _inMemory);
            excluded = [.. _lanes.Values.Where(l => l.Room == 0).Select(l => l.EndpointId), .. HeldEndpointsLocked(_clock.GetUtcNow())];
        }
        if (limit <= 0)
        {
            return false;
        }
        var now = _clock.GetUtcNow();
        var leaseUntil = now + _options.LeaseDuration;
        // Not cancellable: a claim that commits must reach the lanes (or be released), or its leases would idle until expiry.
        var claimed = await _store.Queue.ClaimAsync(
            new ClaimRequest(_options.NodeId, now, leaseUntil, limit, excluded.Count > 0 ? excluded : null), CancellationToken.None).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return false;
        }
        var park = new List<string>();
        var giveBack = new List<string>();
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
                // Deleting an endpoint marks its deliveries skipped; these were claimed just before.
                continue;
            }
            if (snapshot.Endpoint.Disabled)
            {
                park.AddRange(group.Select(c => c.Delivery.Id));
                continue;
            }
            sendable.Add((snapshot.Endpoint, group));
        }
        var refused = await TakeOwnershipAsync([.. sendable.Select(s => s.Endpoint).Where(NeedsOwner)]).ConfigureAwait(false);
        foreach (var (endpoint, deliveries) in sendable)
        {
            // At-least-once checkpoint: deliveries of an endpoint another node owns go back unsent, due now for their owner.
            giveBack.AddRange(refused.Contains(endpoint.Id) ? deliveries.Select(d => d.Delivery.Id) : Dispatch(endpoint, deliveries, leaseUntil));
        }
        await ReleaseQuietlyAsync(park, null).ConfigureAwait(false);
        await ReleaseQuietlyAsync(giveBack, _clock.GetUtcNow()).ConfigureAwait(false);
        return claimed.Count == limit;
    }

    /// <summary>
    /// Queues claimed deliveries in the endpoint's lane. A claim may bring more than the lane's room:
    /// they are kept rather than given back, since a give-back costs a write for nothing; the lane is
    /// then left out of claims until it drains below its size, so it overshoots by one claim at most,
    /// and a delivery that waited too long for its lease is given back when its turn comes.
    /// Returns the ids not queued (only when stopping).
    /// </summary>
    private List<string> Dispatch(Endpoint endpoint, IEnumerable<LeasedDelivery> deliveries, DateTimeOffset leaseUntil)
    {
        var notQueued = new List<string>();
        lock (_gate)
        {
            if (_stopping)
            {
                notQueued.AddRange(deliveries.Select(d => d.Delivery.Id));
                return notQueued;
            }
            if (!_lanes.TryGetValue(endpoint.Id, out var lane))
            {
                lane = new EndpointLane(endpoint.Id);
                _lanes.Add(endpoint.Id, lane);
            }
            // An ordered endpoint sends one at a time, so nothing can overtake the head of its line.
            lane.Ordered = endpoint.Ordered;
            lane.Concurrency = endpoint.Ordered ? 1 : Math.Max(1, endpoint.MaxConcurrency ?? _options.DefaultEndpointConcurrency);
            if (endpoint.Ordered)
            {
                deliveries = deliveries.OrderBy(d => d.Delivery.Id, StringComparer.Ordinal);
            }
            lane.Backlog = lane.Concurrency * Math.Max(0, _options.LaneBacklogPerSlot);
            foreach (var leased in deliveries)
            {
                lane.Waiting.Enqueue(new LeasedWork(leased, leaseUntil));
                _inMemory++;
            }
            StartSends(lane);
            if (lane.IsIdle)
            {
                _lanes.Remove(lane.EndpointId);
            }
        }
        return notQueued;
    }

    /// <summary>Starts sends while the lane has free slots. Caller holds the lock.</summary>
    private void StartSends(EndpointLane lane)
    {
        while (!_stopping && lane.Active < lane.Concurrency && lane.Waiting.TryDequeue(out var work))
        {
            lane.Active++;
            var task = Task.Run(() => ProcessAsync(lane, work));
            _sending.Add(task);
            _ = task.ContinueWith(t =>
            {
                lock (_gate)
                {
                    _sending.Remove(t);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
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
                    await committed.WaitAsync(_abort.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested && !handedToWriter)
        {
            // Cut off by shutdown: the receiver may have seen it, but nothing is recorded, so it goes out again.
            lock (_gate)
            {
                _aborted.Add(work.DeliveryId);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Cut off while waiting for its commit: the writer still owns the outcome.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Delivery {Delivery} failed unexpectedly; giving it back", work.DeliveryId);
            await ReleaseQuietlyAsync([work.DeliveryId], _clock.GetUtcNow() + _options.ClaimErrorBackoff).ConfigureAwait(false);
        }
        finally
        {
            bool wake;
            lock (_gate)
            {
                var hadRoom = lane.Room > 0;
                lane.Active--;
                if (!handedToWriter)
                {
                    _inMemory--;
                }
                StartSends(lane);
                if (lane.IsIdle)
                {
                    _lanes.Remove(lane.EndpointId);
                }
                wake = !hadRoom && !_stopping;
            }
            if (wake)
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
        bool blocked;
        lock (_gate)
        {
            // Due work we could not take (full lanes, memory cap) wakes us when room frees up.
            blocked = _inMemory >= _options.MaxInFlight || _lanes.Values.Any(l => l.Room == 0);
            // Work of an endpoint held back (open circuit, waiting ordered line) may be due already;
            // look again when the earliest hold ends rather than spin on it.
            if (EarliestHoldEndLocked(_clock.GetUtcNow()) is { } holdEnds)
            {
                blocked = true;
                var untilHold = holdEnds - _clock.GetUtcNow();
                if (untilHold < wait)
                {
                    wait = untilHold < TimeSpan.Zero ? TimeSpan.Zero : untilHold;
                }
            }
        }
        try
        {
            if (await _store.Queue.NextDueAsync(stop).ConfigureAwait(false) is { } next)
            {
                var until = next - _clock.GetUtcNow();
                if (until <= TimeSpan.Zero && blocked)
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
        List<string> waiting;
        Task[] sending;
        await _draining.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _stopping = true;
            waiting = [.. _lanes.Values.SelectMany(l => l.Waiting).Select(w => w.DeliveryId)];
            foreach (var lane in _lanes.Values)
            {
                lane.Waiting.Clear();
            }
            _inMemory -= waiting.Count;
            sending = [.. _sending];
        }
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
            await _abort.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        List<string> aborted;
        lock (_gate)
        {
            aborted = [.. _aborted];
        }
        await ReleaseQuietlyAsync(aborted, _clock.GetUtcNow()).ConfigureAwait(false);
        await GiveUpOwnershipAsync().ConfigureAwait(false);
    }

    private void OnCommitted(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        bool wake;
        lock (_gate)
        {
            wake = _inMemory >= _options.MaxInFlight;
            _inMemory -= outcomes.Count;
        }
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
