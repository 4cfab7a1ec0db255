using Hookline.Core.Analytics;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;

namespace Hookline.Core.Retention;

/// <summary>
/// One run of retention: takes the job's lease (one node at a time), then prunes each kind a batch
/// at a time until nothing older than its age is left or the run's batch budget is spent. Ages are
/// measured on the injected clock.
/// </summary>
public sealed class RetentionJob(IHooklineStore store, RetentionOptions options, TimeProvider clock, IEnumerable<IRetentionTask> extraTasks)
{
    public const string JobName = "retention";

    /// <summary>Runs once as <paramref name="node"/>; returns what was pruned by kind, or null when another node holds the job.</summary>
    public async Task<IReadOnlyDictionary<string, long>?> RunOnceAsync(string node, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await store.Retention.TryLeaseJobAsync(JobName, node, now + options.LeaseDuration, now, ct).ConfigureAwait(false))
        {
            return null;
        }
        var pruned = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = Math.Max(1, options.BatchSize);
        await PruneAsync(pruned, "payloads", options.Payloads, (before, c) => store.Retention.PrunePayloadsAsync(before, batch, clock.GetUtcNow(), c), ct)
            .ConfigureAwait(false);
        await PruneAsync(pruned, "attempts", options.Attempts, (before, c) => store.Retention.PruneAttemptsAsync(before, batch, c), ct).ConfigureAwait(false);
        if (options.IdempotencyRecords is { } idempotencyAge)
        {
            // The idempotency store deletes in one statement; its rows are small, and each run sees only a few minutes' worth.
            var count = await store.Idempotency.PurgeAsync(clock.GetUtcNow() - idempotencyAge, ct).ConfigureAwait(false);
            pruned["idempotency_records"] = count;
            if (count > 0)
            {
                HooklineMetrics.Pruned("idempotency_records", count);
            }
        }
        foreach (var (kind, grain, age) in Rollups(options))
        {
            await PruneAsync(pruned, kind, age, (before, c) => store.Retention.PruneRollupsAsync(grain, before, batch, c), ct).ConfigureAwait(false);
        }
        foreach (var task in extraTasks)
        {
            await PruneAsync(pruned, task.Kind, task.Age(options), (before, c) => task.PruneBatchAsync(before, batch, c), ct).ConfigureAwait(false);
        }
        return pruned;
    }

    /// <summary>The rollup grains with their ages: minutes go first, hours and days are kept longer.</summary>
    private static IEnumerable<(string Kind, long Grain, TimeSpan? Age)> Rollups(RetentionOptions options) =>
    [
        ("minute_rollups", AnalyticsGrain.Minute, options.MinuteRollups),
        ("hour_rollups", AnalyticsGrain.Hour, options.HourRollups),
        ("day_rollups", AnalyticsGrain.Day, options.DayRollups),
    ];

    private async Task PruneAsync(Dictionary<string, long> pruned, string kind, TimeSpan? age, Func<DateTimeOffset, CancellationToken, Task<int>> batchAsync,
        CancellationToken ct)
    {
        if (age is not { } keep)
        {
            return;
        }
        var before = clock.GetUtcNow() - keep;
        long total = 0;
        for (var i = 0; i < Math.Max(1, options.MaxBatchesPerRun); i++)
        {
            var count = await batchAsync(before, ct).ConfigureAwait(false);
            total += count;
            // A short batch means nothing older is left.
            if (count < Math.Max(1, options.BatchSize))
            {
                break;
            }
        }
        pruned[kind] = total;
        if (total > 0)
        {
            HooklineMetrics.Pruned(kind, total);
        }
    }
}
