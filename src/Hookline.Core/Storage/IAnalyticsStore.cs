using Hookline.Core.Analytics;
using Hookline.Core.Telemetry;

namespace Hookline.Core.Storage;

/// <summary>
/// Reads of the analytics rollups. The rollups themselves are written by the group commit of
/// attempts (<see cref="IDeliveryQueue.CompleteAsync"/>) and by the publish transaction, never here.
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>Attempt totals over the spans, one row per endpoint and event type.</summary>
    Task<IReadOnlyList<AttemptTotals>> AttemptsByKeyAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, CancellationToken ct = default);

    /// <summary>Attempt totals of one grain, one row per bucket that has any.</summary>
    Task<IReadOnlyList<AttemptTotals>> AttemptsByBucketAsync(string appId, AnalyticsSpan span, CancellationToken ct = default);

    Task<IReadOnlyList<ErrorTotals>> ErrorsAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, CancellationToken ct = default);

    /// <summary>Message totals over the spans by event type (bucket 0), or of one span by bucket (event type "").</summary>
    Task<IReadOnlyList<MessageTotals>> MessagesAsync(string appId, IReadOnlyList<AnalyticsSpan> spans, bool byBucket, CancellationToken ct = default);

    /// <summary>
    /// The delivery queue at <paramref name="now"/>, for the queue-depth gauge. Waiting deliveries of
    /// <paramref name="openCircuitEndpoints"/> count as held by an open circuit, not as waiting for a retry.
    /// </summary>
    Task<QueueDepth> QueueDepthAsync(DateTimeOffset now, IReadOnlyCollection<string> openCircuitEndpoints, CancellationToken ct = default);
}
