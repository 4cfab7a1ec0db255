namespace Hookline.Core.Storage;

/// <summary>Deletes what is older than its retention age, a small batch per call, each its own short transaction.</summary>
public interface IRetentionStore
{
    /// <summary>
    /// Takes or renews the named job's lease for <paramref name="owner"/> until <paramref name="until"/>;
    /// false while another owner's lease runs. One node at a time runs the job.
    /// </summary>
    Task<bool> TryLeaseJobAsync(string job, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Empties the payload of up to <paramref name="batchSize"/> messages created before
    /// <paramref name="olderThan"/> whose deliveries are all finished; the message keeps its metadata
    /// and is marked pruned at <paramref name="now"/>. Returns how many were pruned.
    /// </summary>
    Task<int> PrunePayloadsAsync(DateTimeOffset olderThan, int batchSize, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Deletes up to <paramref name="batchSize"/> attempts started before <paramref name="olderThan"/>.</summary>
    Task<int> PruneAttemptsAsync(DateTimeOffset olderThan, int batchSize, CancellationToken ct = default);

    /// <summary>
    /// Deletes analytics rollup rows of one <paramref name="grain"/> (bucket length in ms, see
    /// <c>AnalyticsGrain</c>) whose bucket starts before <paramref name="olderThan"/>: up to
    /// <paramref name="batchSize"/> rows of each rollup table, oldest first. Returns how many rows went.
    /// </summary>
    Task<int> PruneRollupsAsync(long grain, DateTimeOffset olderThan, int batchSize, CancellationToken ct = default);
}
