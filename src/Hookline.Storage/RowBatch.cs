using System.Data.Common;

namespace Hookline.Storage;

/// <summary>
/// Runs one statement once per row. Where the provider batches commands (PostgreSQL), the rows go
/// out as one batch per chunk: one round trip instead of one per row. Elsewhere (SQLite, in
/// process) one command's parameters are created once and only rebound: the group commit writes
/// hundreds of rows per transaction, and rebuilding parameters per row (as a generic mapper does)
/// cost more than the statements themselves.
/// </summary>
internal static class RowBatch
{
    /// <summary>Most commands one provider batch carries.</summary>
    internal const int RowsPerRoundTrip = 500;

    /// <summary>Runs the statement for every row; returns how many rows each run affected, in row order.</summary>
    public static async Task<int[]> ExecuteAsync<T>(
        DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<T> rows,
        IReadOnlyList<(string Name, Func<T, object?> Value)> columns, CancellationToken ct = default)
    {
        var affected = new int[rows.Count];
        if (rows.Count == 0)
        {
            return affected;
        }
        if (connection.CanCreateBatch && rows.Count > 1)
        {
            await ExecuteBatchedAsync(connection, transaction, sql, rows, columns, affected, ct).ConfigureAwait(false);
            return affected;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@" + columns[i].Name;
            command.Parameters.Add(parameters[i]);
        }
        for (var r = 0; r < rows.Count; r++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].Value(rows[r]) ?? DBNull.Value;
            }
            affected[r] = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return affected;
    }

    private static async Task ExecuteBatchedAsync<T>(
        DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<T> rows,
        IReadOnlyList<(string Name, Func<T, object?> Value)> columns, int[] affected, CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += RowsPerRoundTrip)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            var end = Math.Min(rows.Count, start + RowsPerRoundTrip);
            for (var r = start; r < end; r++)
            {
                batch.BatchCommands.Add(Command(batch, sql, rows[r], columns));
            }
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            for (var r = start; r < end; r++)
            {
                affected[r] = batch.BatchCommands[r - start].RecordsAffected;
            }
        }
    }

    /// <summary>The statement bound to one row, as a command of <paramref name="batch"/>.</summary>
    public static DbBatchCommand Command<T>(DbBatch batch, string sql, T row, IReadOnlyList<(string Name, Func<T, object?> Value)> columns)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in columns)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value(row) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
