using System.Data.Common;
using Dapper;
using Hookline.Storage;
using Hookline.Storage.Sqlite;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Where no tmpfs can be mounted: SQLite's own size cap (<c>PRAGMA max_page_count</c>) set to the file's
/// current size on every connection while "full", so any write that needs a new page fails with SQLITE_FULL
/// (error 13), exactly the error a full disk gives.
/// </summary>
public sealed class PageLimitedSqliteDialect(SqliteDialect inner) : ISqlDialect, IDiskFiller
{
    private volatile bool _full;

    public string How => "SQLite max_page_count cap at the current size";
    public string Name => inner.Name;
    public bool TakesArrays => inner.TakesArrays;

    public string ClaimLockClause => inner.ClaimLockClause;

    public long Fill()
    {
        _full = true;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return 0;
    }

    public void Free()
    {
        _full = false;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await inner.OpenAsync(ct).ConfigureAwait(false);
        var pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count").ConfigureAwait(false);
        await connection.ExecuteAsync($"PRAGMA max_page_count = {(_full ? Math.Max(1, pages) : 1_073_741_823)}").ConfigureAwait(false);
        return connection;
    }

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct) => inner.EnterWriteAsync(ct);

    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) => inner.AcquireMigrationLockAsync(connection, ct);

    public Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct) => inner.PrepareDatabaseAsync(connection, ct);

    public bool IsUniqueViolation(Exception exception) => inner.IsUniqueViolation(exception);

    public bool IsUnavailable(Exception exception) => inner.IsUnavailable(exception);
}
