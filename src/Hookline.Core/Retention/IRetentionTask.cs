namespace Hookline.Core.Retention;

/// <summary>
/// One more kind of record for the retention job to prune, for stores that live outside the core
/// set (the inbound sources' raw requests implement it; register it in DI as an <see cref="IRetentionTask"/>).
/// </summary>
public interface IRetentionTask
{
    /// <summary>A bounded word for logs and the <c>hookline_retention_pruned</c> metric, e.g. <c>inbound_requests</c>.</summary>
    string Kind { get; }

    /// <summary>The age this task prunes at, from the options (e.g. <see cref="RetentionOptions.InboundRequests"/>); null keeps everything.</summary>
    TimeSpan? Age(RetentionOptions options);

    /// <summary>Deletes at most <paramref name="batchSize"/> records older than <paramref name="olderThan"/> in one short transaction; returns how many.</summary>
    Task<int> PruneBatchAsync(DateTimeOffset olderThan, int batchSize, CancellationToken ct);
}
