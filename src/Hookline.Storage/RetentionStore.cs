using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>
/// Each call is one short transaction over at most a batch of rows, found through an index on their
/// age, so pruning never holds a long lock and a large backlog is worked off a batch at a time.
/// </summary>
internal sealed class RetentionStore(Db db) : IRetentionStore
{
    public Task<bool> TryLeaseJobAsync(string job, string owner, DateTimeOffset until, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // The conflicting row is locked while its WHERE is checked: of two nodes racing, one gets the lease.
            await c.ExecuteAsync(
                """
                INSERT INTO job_leases (name, owner, lease_until) VALUES (@job, @owner, @until)
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
                WHERE job_leases.owner = excluded.owner OR job_leases.lease_until <= @now
                """,
                new { job, owner, until = until.ToMs(), now = now.ToMs() }, t).ConfigureAwait(false);
            var holder = await c.ExecuteScalarAsync<string>("SELECT owner FROM job_leases WHERE name = @job", new { job }, t).ConfigureAwait(false);
            return holder == owner;
        }, ct);

    public Task<int> PrunePayloadsAsync(DateTimeOffset olderThan, int batchSize, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            // Only messages whose every delivery is finished: a retry still to come needs the payload.
            $"""
            UPDATE messages SET payload = 'null', payload_pruned_at = @now
            WHERE id IN (
                SELECT m.id FROM messages m
                WHERE m.created_at < @before AND m.payload_pruned_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN {StatusSql.Unfinished})
                ORDER BY m.created_at LIMIT @batch)
            """,
            new { before = olderThan.ToMs(), now = now.ToMs(), batch = (long)batchSize }, t), ct);

    public Task<int> PruneAttemptsAsync(DateTimeOffset olderThan, int batchSize, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE started_at < @before ORDER BY started_at LIMIT @batch)",
            new { before = olderThan.ToMs(), batch = (long)batchSize }, t), ct);

    /// <summary>Each rollup table with the columns of its primary key.</summary>
    private static readonly (string Table, string Key)[] Rollups =
    [
        ("analytics_attempts", "app_id, grain, bucket, endpoint_id, event_type"),
        ("analytics_errors", "app_id, grain, bucket, endpoint_id, event_type, error_class, status_code"),
        ("analytics_messages", "app_id, grain, bucket, event_type"),
    ];

    public Task<int> PruneRollupsAsync(long grain, DateTimeOffset olderThan, int batchSize, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var total = 0;
            foreach (var (table, key) in Rollups)
            {
                // Rows are named by their whole primary key (a row value both SQLite and PostgreSQL take),
                // found through the (grain, bucket) index.
                total += await c.ExecuteAsync(
                    $"""
                    DELETE FROM {table} WHERE ({key}) IN (
                        SELECT {key} FROM {table} WHERE grain = @grain AND bucket < @before ORDER BY bucket LIMIT @batch)
                    """,
                    new { grain, before = olderThan.ToMs(), batch = (long)batchSize }, t).ConfigureAwait(false);
            }
            return total;
        }, ct);
}
