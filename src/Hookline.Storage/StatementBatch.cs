using System.Data.Common;

namespace Hookline.Storage;

/// <summary>
/// Several statements of one transaction, each run once per row (or once, over arrays), sent
/// together in the order they were added. Where the provider batches commands (PostgreSQL) every
/// command goes out in one batch per chunk: a completion's attempt inserts, delivery updates and
/// rollup upserts cost one round trip between them instead of one each. Elsewhere (SQLite, in
/// process) each per-row statement runs as a <see cref="RowBatch"/>.
/// </summary>
internal sealed class StatementBatch
{
    private readonly List<IStatementRows> _statements = [];

    public StatementBatch Add<T>(string sql, IReadOnlyList<T> rows, IReadOnlyList<(string Name, Func<T, object?> Value)> columns)
    {
        if (rows.Count > 0)
        {
            _statements.Add(new StatementRows<T>(sql, rows, columns));
        }
        return this;
    }

    /// <summary>A statement run once with <paramref name="parameters"/> (e.g. arrays that it unnests): a statement of one row.</summary>
    public StatementBatch AddOnce(string sql, IReadOnlyList<(string Name, object? Value)> parameters) =>
        Add(sql, [parameters], [.. parameters.Select((p, i) => (p.Name, (Func<IReadOnlyList<(string Name, object? Value)>, object?>)(row => row[i].Value)))]);

    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct = default)
    {
        if (!connection.CanCreateBatch)
        {
            foreach (var statement in _statements)
            {
                await statement.RunAsync(connection, transaction, ct).ConfigureAwait(false);
            }
            return;
        }
        DbBatch? batch = null;
        try
        {
            foreach (var statement in _statements)
            {
                for (var r = 0; r < statement.Count; r++)
                {
                    if (batch is null)
                    {
                        batch = connection.CreateBatch();
                        batch.Transaction = transaction;
                    }
                    batch.BatchCommands.Add(statement.Command(batch, r));
                    if (batch.BatchCommands.Count == RowBatch.RowsPerRoundTrip)
                    {
                        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        await batch.DisposeAsync().ConfigureAwait(false);
                        batch = null;
                    }
                }
            }
            if (batch is not null)
            {
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private interface IStatementRows
    {
        int Count { get; }
        DbBatchCommand Command(DbBatch batch, int row);
        Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
    }

    private sealed class StatementRows<T>(string sql, IReadOnlyList<T> rows, IReadOnlyList<(string Name, Func<T, object?> Value)> columns) : IStatementRows
    {
        public int Count => rows.Count;

        public DbBatchCommand Command(DbBatch batch, int row) => RowBatch.Command(batch, sql, rows[row], columns);

        public Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
            RowBatch.ExecuteAsync(connection, transaction, sql, rows, columns, ct);
    }
}
