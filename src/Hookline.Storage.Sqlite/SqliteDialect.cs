using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Hookline.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode. SQLite has one writer at a time, so writers queue on an in-process gate
/// instead of spinning on SQLITE_BUSY; readers run beside them. One process owns the file.
/// </summary>
public sealed class SqliteDialect : ISqlDialect, IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteDialect(string connectionString, SqliteOptions? options = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
        _connectionString = builder.ToString();
        var synchronous = (options ?? new SqliteOptions()).Synchronous;
        _pragmas = $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = OFF;";
    }

    public string Name => "sqlite";

    public bool TakesArrays => false;

    public string ClaimLockClause => "";

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(_pragmas).ConfigureAwait(false);
        return connection;
    }

    public async ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        return new Release(_writeGate);
    }

    public Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(new NoLock());

    public async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct) =>
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } e && (e.SqliteExtendedErrorCode is 2067 or 1555);

    public bool IsUnavailable(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 13 or 10 or 8 or 14 or 5 }; // FULL, IOERR, READONLY, CANTOPEN, BUSY

    public void Dispose() => _writeGate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class SqliteOptions
{
    /// <summary>
    /// <c>FULL</c> (default): a committed write survives a power cut. <c>NORMAL</c>: survives a
    /// process crash, may lose the last commits on power loss, and is faster.
    /// </summary>
    public string Synchronous { get; init; } = "FULL";
}
