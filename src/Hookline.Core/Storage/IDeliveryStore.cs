using Hookline.Core.Deliveries;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

/// <summary>Reads of deliveries and attempts, and the manual ways to send them again.</summary>
public interface IDeliveryStore
{
    Task<Delivery?> GetAsync(string appId, string id, CancellationToken ct = default);
    Task<Page<Delivery>> ListAsync(string appId, DeliveryQuery query, PageRequest page, CancellationToken ct = default);
    Task<IReadOnlyList<Delivery>> ListForMessageAsync(string appId, string messageId, CancellationToken ct = default);
    /// <summary>Attempts of one delivery, oldest first.</summary>
    Task<IReadOnlyList<Attempt>> ListAttemptsAsync(string deliveryId, CancellationToken ct = default);
    /// <summary>
    /// Makes matching finished-or-failing deliveries due now with the given trigger. A <c>manual</c>
    /// trigger allows one attempt; <c>replay</c> and <c>recover</c> restart the retry schedule.
    /// Returns how many deliveries were requeued.
    /// </summary>
    Task<int> RequeueAsync(string appId, RequeueFilter filter, string trigger, DateTimeOffset now, CancellationToken ct = default);
    Task<EndpointStats> GetEndpointStatsAsync(string endpointId, CancellationToken ct = default);
}

public sealed record DeliveryQuery(
    DeliveryStatus? Status = null,
    string? EndpointId = null,
    string? EventType = null,
    string? MessageId = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null);

/// <summary>Which deliveries a requeue touches: one by id, or by endpoint, statuses and creation time.</summary>
public sealed record RequeueFilter(
    IReadOnlyList<DeliveryStatus> Statuses,
    string? DeliveryId = null,
    string? EndpointId = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null);

public sealed record EndpointStats(
    long Pending,
    long Sending,
    long Succeeded,
    long Failed,
    long Dead,
    long Skipped,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode);
