using System.Globalization;
using Npgsql;

namespace Hookline.Bench.Infra;

/// <summary>
/// Where PostgreSQL's time went in a run: the statements with the most total execution time, from
/// pg_stat_statements (the bench's server loads it), printed after the run with `--pg-statements`.
/// </summary>
public static class StatementProfile
{
    public static async Task PrintAsync(string adminConnectionString, int top = 15)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var query = new NpgsqlCommand(
            """
            SELECT calls, total_exec_time, mean_exec_time, rows, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT @top
            """, connection);
        query.Parameters.AddWithValue("top", top);
        await using var reader = await query.ExecuteReaderAsync();
        Console.WriteLine();
        Console.WriteLine("| calls | total ms | mean ms | rows | statement |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | --- |");
        while (await reader.ReadAsync())
        {
            var text = reader.GetString(4);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {reader.GetInt64(0):N0} | {reader.GetDouble(1):N0} | {reader.GetDouble(2):0.###} | {reader.GetInt64(3):N0} | `{(text.Length > 160 ? text[..160] + "…" : text)}` |"));
        }
    }
}
