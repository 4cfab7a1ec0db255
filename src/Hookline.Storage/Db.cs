using System.Data.Common;
using System.Diagnostics;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;

namespace Hookline.Storage;

/// <summary>Connection and transaction plumbing shared by the role stores.</summary>
public sealed class Db
{
    private readonly ISqlDialect dialect;

    public Db(ISqlDialect dialect) => this.dialect = dialect;

    public ISqlDialect Dialect => dialect;

    /// <summary>Whether writes add to the analytics rollups (<c>Hookline:Analytics:Rollups</c>); read by the two places that add to them.</summary>
    internal bool Rollups { get; init; } = true;

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await using var connection = await dialect.OpenAsync(ct).ConfigureAwait(false);
            var result = await work(connection).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception e) when (dialect.IsUnavailable(e))
        {
            throw new StoreUnavailableException("the store is unavailable: " + e.Message, e);
        }
        finally
        {
            HooklineMetrics.StoreOperation("read", Stopwatch.GetElapsedTime(started), failed);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; commits when it returns, rolls back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            using var gate = await dialect.EnterWriteAsync(ct).ConfigureAwait(false);
            await using var connection = await dialect.OpenAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new ConflictException("a unique value is already taken");
        }
        catch (Exception e) when (dialect.IsUnavailable(e))
        {
            throw new StoreUnavailableException("the store can't write right now: " + e.Message, e);
        }
        finally
        {
            HooklineMetrics.StoreOperation("write", Stopwatch.GetElapsedTime(started), failed);
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct) =>
        WriteAsync(async (c, t) =>
        {
            await work(c, t).ConfigureAwait(false);
            return true;
        }, ct);
}

public static class Time
{
    public static long ToMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();
    public static long? ToMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
