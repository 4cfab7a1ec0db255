using Hookline.Core.Storage;

namespace Hookline.Core.Retention;

/// <summary>Prunes inbound sources' recent-requests log as part of the retention job (<see cref="RetentionOptions.InboundRequests"/>).</summary>
public sealed class InboundRequestsRetention(IHooklineStore store) : IRetentionTask
{
    public string Kind => "inbound_requests";

    public TimeSpan? Age(RetentionOptions options) => options.InboundRequests;

    public Task<int> PruneBatchAsync(DateTimeOffset olderThan, int batchSize, CancellationToken ct) =>
        store.InboundEvents.PruneRequestsAsync(olderThan, batchSize, ct);
}
