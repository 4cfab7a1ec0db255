using Hookline.Core.Deliveries;
using Hookline.Core.Messages;

namespace Hookline.Core.Storage;

/// <summary>
/// The engine's side of the store. A claimed delivery is a lease: it belongs to its owner until
/// <see cref="ClaimRequest.LeaseUntil"/>; once that passes without a completion it is due again
/// and any node may take it (at-least-once: the worst a crash costs is a duplicate send).
/// </summary>
public interface IDeliveryQueue
{
    /// <summary>
    /// Claims up to <see cref="ClaimRequest.Limit"/> due deliveries, oldest due first, leaving out
    /// endpoints another owner holds (<see cref="HoldEndpointsAsync"/>).
    /// </summary>
    Task<IReadOnlyList<LeasedDelivery>> ClaimAsync(ClaimRequest request, CancellationToken ct = default);

    /// <summary>Records attempts and moves deliveries to their next state, all in one transaction (group commit).</summary>
    Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken ct = default);

    /// <summary>
    /// Gives leases back without an attempt: the deliveries are due at <paramref name="dueAt"/>, or
    /// parked (not claimable until their endpoint is enabled again) when it is null.
    /// </summary>
    Task ReleaseAsync(string owner, IReadOnlyList<string> deliveryIds, DateTimeOffset? dueAt, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Settles leased deliveries as <c>skipped</c> without an attempt, with <paramref name="reason"/> as their
    /// last error: for deliveries whose endpoint is gone, which no retry could ever send.
    /// </summary>
    Task SkipAsync(string owner, IReadOnlyList<string> deliveryIds, string reason, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Gives back every lease of an owner (a restart of the same node, or shutdown): its delivery
    /// leases and its endpoint leases.
    /// </summary>
    Task<int> ReleaseOwnerAsync(string owner, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Takes or renews the lease on each endpoint for <paramref name="owner"/> until <paramref name="until"/>:
    /// an endpoint is taken when nobody holds it, its holder's lease ended before <paramref name="now"/>,
    /// or the owner holds it already. Returns the endpoints the owner holds afterwards. While an
    /// owner holds an endpoint, <see cref="ClaimAsync"/> gives that endpoint's deliveries to nobody else,
    /// which is what makes its rate, concurrency and ordering exact across nodes.
    /// </summary>
    Task<IReadOnlySet<string>> HoldEndpointsAsync(string owner, IReadOnlyCollection<string> endpointIds, DateTimeOffset until, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Gives up the owner's leases on these endpoints, so any node may take them.</summary>
    Task ReleaseEndpointsAsync(string owner, IReadOnlyCollection<string> endpointIds, CancellationToken ct = default);

    /// <summary>
    /// Records, for endpoints this node gives up, until when the next owner must hold back so that
    /// no one-second window holds more than the rate across the hand-over.
    /// </summary>
    Task RecordRateQuietAsync(IReadOnlyDictionary<string, DateTimeOffset> quietUntil, CancellationToken ct = default);

    /// <summary>The recorded quiet times of these endpoints that are still ahead of <paramref name="now"/>.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadRateQuietAsync(IReadOnlyCollection<string> endpointIds, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Makes up to <paramref name="limit"/> of the deliveries an open circuit held for the endpoint
    /// due at <paramref name="now"/>, once it has closed; returns how many.
    /// </summary>
    Task<int> ReleaseHeldAsync(string endpointId, DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>The endpoints with deliveries held by a circuit (so a node that starts can release those whose circuit has closed).</summary>
    Task<IReadOnlyList<string>> HeldEndpointsAsync(CancellationToken ct = default);

    /// <summary>When the earliest unclaimed delivery is due, if any.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default);

    /// <summary>
    /// The endpoint's earliest unfinished delivery (pending, sending or failed) in publish order, if
    /// any: the head of an ordered endpoint's line, which must finish before anything behind it goes.
    /// </summary>
    Task<Delivery?> FirstUnfinishedAsync(string endpointId, CancellationToken ct = default);
}

public sealed record ClaimRequest(
    string Owner,
    DateTimeOffset Now,
    DateTimeOffset LeaseUntil,
    int Limit,
    IReadOnlyCollection<string>? ExcludedEndpoints = null);

/// <summary>A claimed delivery with what sending it needs.</summary>
public sealed record LeasedDelivery(Delivery Delivery, Message Message, string Trigger, int RoundAttempts);

/// <summary>What became of one attempt: the attempt row and the delivery's next state.</summary>
public sealed record DeliveryOutcome(
    string DeliveryId,
    string Owner,
    Attempt Attempt,
    DeliveryStatus NewStatus,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// A platform's rate limit waited out: the attempt is recorded but does not count against the
    /// retry policy (the round's attempt count stays as it was).
    /// </summary>
    public bool RateLimitWaited { get; init; }

    /// <summary>
    /// The delivery's app, endpoint and event type, as the engine claimed it: the analytics rollups are
    /// keyed by them, and with them at hand the commit does not read the deliveries back.
    /// </summary>
    public DeliveryKeys? Keys { get; init; }
}

/// <summary>What an attempt's analytics rollup rows are keyed by.</summary>
public sealed record DeliveryKeys(string AppId, string EndpointId, string EventType)
{
    public static DeliveryKeys Of(Delivery delivery) => new(delivery.AppId, delivery.EndpointId, delivery.EventType);
}
