using System.Data.Common;

namespace Hookline.Storage;

/// <summary>What differs between the relational providers; everything else is shared SQL.</summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>Opens a connection, ready for use.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// Serialises writers where the database has a single writer (SQLite); a no-op where the
    /// database handles concurrent writers itself.
    /// </summary>
    ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct);

    /// <summary>
    /// Parameters may be arrays, read as rows with <c>unnest</c> (PostgreSQL): a statement over many
    /// rows is then one statement with one array per column, not one statement per row.
    /// </summary>
    bool TakesArrays { get; }

    /// <summary>Appended to the claim's inner SELECT, e.g. <c>FOR UPDATE SKIP LOCKED</c>.</summary>
    string ClaimLockClause { get; }

    /// <summary>Held while migrations run, so nodes that start together migrate once.</summary>
    Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Runs once per new database before the first migration (e.g. WAL mode).</summary>
    Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct);

    bool IsUniqueViolation(Exception exception);

    /// <summary>The database can't take writes right now (disk full, unreachable, read-only).</summary>
    bool IsUnavailable(Exception exception);
}
