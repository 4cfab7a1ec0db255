using Dapper;

namespace Hookline.Storage;

/// <summary>Applies the <see cref="Schema"/> migrations not yet recorded in <c>schema_version</c>, each in its own transaction.</summary>
public static class Migrator
{
    public static async Task<int> MigrateAsync(ISqlDialect dialect, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await dialect.OpenAsync(ct).ConfigureAwait(false);
        await dialect.PrepareDatabaseAsync(connection, ct).ConfigureAwait(false);
        await using var migrationLock = await dialect.AcquireMigrationLockAsync(connection, ct).ConfigureAwait(false);
        await connection.ExecuteAsync(Schema.VersionTable).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_version").ConfigureAwait(false)).ToHashSet();
        var count = 0;
        foreach (var (version, sql) in Schema.Migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(version))
            {
                continue;
            }
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await connection.ExecuteAsync(sql, transaction: transaction).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                new { version = (long)version, at = clock.GetUtcNow().ToMs() },
                transaction).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            count++;
        }
        return count;
    }

    public static int LatestVersion => Schema.Migrations.Max(m => m.Version);
}
