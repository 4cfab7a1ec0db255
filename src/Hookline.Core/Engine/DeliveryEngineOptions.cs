using Hookline.Core.Deliveries;
using Hookline.Core.Protection;

namespace Hookline.Core.Engine;

/// <summary>Tuning of the <see cref="DeliveryEngine"/>. Every default suits a single node; a cluster only needs distinct <see cref="NodeId"/>s.</summary>
public sealed class DeliveryEngineOptions
{
    /// <summary>
    /// Owner name of this node's leases. Default: the machine name. Must be stable across restarts
    /// (a restart takes its old leases back at once) and distinct between nodes sharing a database.
    /// </summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long a claimed delivery belongs to this node before anyone may take it. It need not cover
    /// an endpoint's timeout: a delivery whose send would outlast its lease has the lease extended
    /// first, and a dead node's work is taken over by heartbeat (<see cref="NodeTimeout"/>), not by
    /// lease expiry. Default: 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long this node's hold on an endpoint with limits (rate, concurrency, ordering) lasts
    /// without renewal; the holder renews it every third of this while it has work for the endpoint.
    /// A node that dies keeps its endpoints from the others for at most this long. Default: 30 s.
    /// </summary>
    public TimeSpan EndpointLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this node records its heartbeat and looks for dead nodes. Default: 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node whose heartbeat is older than this is dead: the others take its claimed deliveries and
    /// endpoint holds at once, whatever their leases say. Default: 10 s.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Safety margin kept between the end of a request's timeout and its lease expiry: a send starts
    /// only under a lease that lasts this much beyond its timeout (extended if needed). Default: 10 s.
    /// </summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most deliveries claimed at once. Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Most deliveries held in memory (queued, sending, or waiting for their commit). Default: 1000.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>Concurrent requests per endpoint when the endpoint sets no <c>max_concurrency</c>. Default: 10.</summary>
    public int DefaultEndpointConcurrency { get; set; } = 10;

    /// <summary>
    /// Deliveries an endpoint's lane may hold waiting, per concurrency slot. A full lane is left out
    /// of claims, so a slow endpoint fills only its own lane. Default: 2.
    /// </summary>
    public int LaneBacklogPerSlot { get; set; } = 2;

    /// <summary>Longest idle wait between claims when nothing wakes the engine. Default: 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an endpoint and its secrets are reused before being read again. Default: 2 s.</summary>
    public TimeSpan EndpointCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most attempt outcomes committed in one transaction. Default: 256.</summary>
    public int CommitBatchSize { get; set; } = 256;

    /// <summary>Bound on a receiver's <c>Retry-After</c> (429/503). Default: 1 hour.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = DeliveryStateMachine.DefaultMaxRetryAfter;

    /// <summary>
    /// A chat endpoint's (Discord, Teams, Slack) 429 that says when to come back is waited out
    /// without using up an attempt of the retry policy while the delivery has had fewer attempts
    /// than this in all; beyond, a 429 counts like any failed attempt. Default: 50.
    /// </summary>
    public int RateLimitAttemptBound { get; set; } = 50;

    /// <summary>On stop, how long requests already on the wire may take to finish. Default: 10 s.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On stop, how long writing the last outcomes may keep retrying against a failing store. Default: 30 s.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after a failed claim (store unavailable) before trying again. Default: 1 s.</summary>
    public TimeSpan ClaimErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When an endpoint's circuit opens and for how long (<c>Hookline:Delivery:Breaker:*</c>). Defaults:
    /// see <see cref="CircuitBreakerOptions"/> and docs/protection.md.
    /// </summary>
    public CircuitBreakerOptions Breaker { get; set; } = new();

    /// <summary>
    /// An endpoint whose attempts have all failed for this long (no success since the first failure
    /// of the streak, as seen by this node) is disabled. Null never disables. Default: 5 days.
    /// </summary>
    public TimeSpan? AutoDisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>
    /// Failed attempts of one delivery to the primary URL, in a row, after which its further attempts
    /// go to the endpoint's <c>failover_url</c> (when it has one). Default: 3.
    /// </summary>
    public int FailoverAfterAttempts { get; set; } = 3;
}
