using System.Data.Common;

namespace Hookline.Storage;

/// <summary>
/// Runs one statement once per row on a single command whose parameters are created once and only
/// rebound: the group commit writes hundreds of rows per transaction, and rebuilding parameters per
/// row (as a generic mapper does) cost more than the statements themselves.
/// </summary>
internal static class RowBatch
{
    public static async Task ExecuteAsync<T>(
        DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<T> rows,
        IReadOnlyList<(string Name, Func<T, object?> Value)> columns, CancellationToken ct = default)
    {
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
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
