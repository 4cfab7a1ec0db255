using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>
/// The engine's lanes, one per endpoint with work in memory, and the count of deliveries held in
/// memory (waiting in a lane, being sent, or waiting for their commit). A lane starts sends while
/// it has free slots; a full lane is left out of claims, so a slow endpoint holds only its own work.
/// </summary>
internal sealed class LaneSet(int maxInFlight, int defaultConcurrency, int backlogPerSlot, Func<EndpointLane, LeasedWork, Task> send)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EndpointLane> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _sending = [];
    private int _inMemory;
    private bool _closed;

    /// <summary>Deliveries held in memory: waiting in a lane, being sent, or waiting for their commit.</summary>
    public int InMemory
    {
        get
        {
            lock (_gate)
            {
                return _inMemory;
            }
        }
    }

    /// <summary>How many deliveries one claim may take now, at most <paramref name="batchSize"/>.</summary>
    public int ClaimLimit(int batchSize)
    {
        lock (_gate)
        {
            return Math.Min(batchSize, maxInFlight - _inMemory);
        }
    }

    /// <summary>Endpoints whose lanes have no room: left out of the next claim.</summary>
    public List<string> Full()
    {
        lock (_gate)
        {
            return [.. _lanes.Values.Where(l => l.Room == 0).Select(l => l.EndpointId)];
        }
    }

    /// <summary>True when due work could not be taken now (memory cap or a full lane): room frees up later.</summary>
    public bool Blocked
    {
        get
        {
            lock (_gate)
            {
                return _inMemory >= maxInFlight || _lanes.Values.Any(l => l.Room == 0);
            }
        }
    }

    /// <summary>Whether the endpoint has deliveries in memory.</summary>
    public bool HasWork(string endpointId)
    {
        lock (_gate)
        {
            return _lanes.ContainsKey(endpointId);
        }
    }

    /// <summary>
    /// Queues claimed deliveries in the endpoint's lane. A claim may bring more than the lane's room:
    /// they are kept rather than given back, since a give-back costs a write for nothing; the lane is
    /// then left out of claims until it drains below its size, so it overshoots by one claim at most.
    /// Returns the ids not queued (only once closed).
    /// </summary>
    public List<string> Enqueue(Endpoint endpoint, IEnumerable<LeasedDelivery> deliveries, DateTimeOffset leaseUntil)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return [.. deliveries.Select(d => d.Delivery.Id)];
            }
            if (!_lanes.TryGetValue(endpoint.Id, out var lane))
            {
                lane = new EndpointLane(endpoint.Id);
                _lanes.Add(endpoint.Id, lane);
            }
            // An ordered endpoint sends one at a time, so nothing can overtake the head of its line.
            lane.Ordered = endpoint.Ordered;
            lane.Concurrency = endpoint.Ordered ? 1 : Math.Max(1, endpoint.MaxConcurrency ?? defaultConcurrency);
            if (endpoint.Ordered)
            {
                deliveries = deliveries.OrderBy(d => d.Delivery.Id, StringComparer.Ordinal);
            }
            // A rate window lets a whole second's worth out the moment its oldest start ages out; a
            // lane holding less would wait on a claim round trip at each such burst and fall below the rate.
            lane.Backlog = Math.Max(lane.Concurrency * backlogPerSlot, WindowStarts(endpoint));
            foreach (var leased in deliveries)
            {
                lane.Waiting.Enqueue(new LeasedWork(leased, leaseUntil));
                _inMemory++;
            }
            StartSendsLocked(lane);
            ForgetIfIdleLocked(lane);
            return [];
        }
    }

    /// <summary>
    /// A send of <paramref name="lane"/> ended; <paramref name="stillInMemory"/> when its outcome
    /// waits for the writer's commit. Returns true when the lane had been full, so a claim may take
    /// its work again.
    /// </summary>
    public bool SendEnded(EndpointLane lane, bool stillInMemory)
    {
        lock (_gate)
        {
            var hadRoom = lane.Room > 0;
            lane.Active--;
            if (!stillInMemory)
            {
                _inMemory--;
            }
            StartSendsLocked(lane);
            ForgetIfIdleLocked(lane);
            return !hadRoom && !_closed;
        }
    }

    /// <summary>Outcomes left memory with their commit; true when the memory cap had been reached.</summary>
    public bool Committed(int count)
    {
        lock (_gate)
        {
            var wasFull = _inMemory >= maxInFlight;
            _inMemory -= count;
            return wasFull;
        }
    }

    /// <summary>Takes the waiting (unsent) deliveries of one endpoint out of its lane.</summary>
    public List<string> TakeWaiting(string endpointId)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(endpointId, out var lane))
            {
                return [];
            }
            var waiting = TakeWaitingLocked(lane);
            ForgetIfIdleLocked(lane);
            return waiting;
        }
    }

    /// <summary>
    /// No more sends start: returns the waiting deliveries (taken out of memory) and the sends still running.
    /// </summary>
    public (List<string> Waiting, Task[] Sending) Close()
    {
        lock (_gate)
        {
            _closed = true;
            var waiting = new List<string>();
            foreach (var lane in _lanes.Values)
            {
                waiting.AddRange(TakeWaitingLocked(lane));
            }
            return (waiting, [.. _sending]);
        }
    }

    private List<string> TakeWaitingLocked(EndpointLane lane)
    {
        var waiting = lane.Waiting.Select(w => w.DeliveryId).ToList();
        _inMemory -= waiting.Count;
        lane.Waiting.Clear();
        return waiting;
    }

    private void StartSendsLocked(EndpointLane lane)
    {
        while (!_closed && lane.Active < lane.Concurrency && lane.Waiting.TryDequeue(out var work))
        {
            lane.Active++;
            var task = Task.Run(() => send(lane, work));
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

    private static int WindowStarts(Endpoint endpoint) =>
        EndpointLimits.RateOf(endpoint) is { } rate ? (int)Math.Ceiling(Math.Min(rate, RateWindow.MaxWindowStarts)) : 0;

    private void ForgetIfIdleLocked(EndpointLane lane)
    {
        if (lane.IsIdle)
        {
            _lanes.Remove(lane.EndpointId);
        }
    }
}
