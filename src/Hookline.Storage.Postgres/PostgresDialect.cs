using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Hookline.Storage.Postgres;

/// <summary>
/// PostgreSQL over a pooled <see cref="NpgsqlDataSource"/>. Several nodes may share one database:
/// claims skip rows another node has locked, and migrations run under an advisory lock.
/// </summary>
public sealed class PostgresDialect : ISqlDialect, IAsyncDisposable, IDisposable
{
    /// <summary>Advisory lock key for migrations ("hookline" in ASCII, so it is recognisable in pg_locks).</summary>
    private const long MigrationLockKey = 0x686F6F6B6C696E65;

    private static readonly ValueTask<IDisposable> NoGate = ValueTask.FromResult<IDisposable>(new NoOp());

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString) => _dataSource = NpgsqlDataSource.Create(WithPreparedStatements(connectionString));

    /// <summary>
    /// The engine and the publish path run the same few dozen statements all day: prepared once per
    /// connection they skip parsing and planning on every execution. A connection string that sets
    /// <c>Max Auto Prepare</c> itself keeps its own value.
    /// </summary>
    internal static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        // Hookline leaves no session state on a pooled connection (the migration lock is released
        // explicitly), so the reset sent at every reuse is pure cost on the publish path.
        if (!builder.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    public string Name => "postgres";

    public bool TakesArrays => true;

    public string ClaimLockClause => "FOR UPDATE SKIP LOCKED";

    public async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken ct) => NoGate;

    public async Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct)
    {
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", (NpgsqlConnection)connection))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return new AdvisoryLock((NpgsqlConnection)connection);
    }

    public Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when IsUnavailableState(pg.SqlState):
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    // 08: connection exceptions; 53: insufficient resources (53100 disk full); 57P01-03: admin/crash
    // shutdown, cannot connect now; 25006: the server is read-only (a standby, or default_transaction_read_only).
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state.StartsWith("53", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        || state is PostgresErrorCodes.ReadOnlySqlTransaction;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A broken session has already lost the lock; a live pooled one would keep it, so unlock explicitly.
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private sealed class NoOp : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
