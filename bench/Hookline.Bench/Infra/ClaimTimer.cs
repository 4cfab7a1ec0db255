using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Dapper;

namespace Hookline.Bench.Infra;

/// <summary>
/// Times the engine's claim statement (taken from the storage assembly, so it is exactly what the
/// engine runs) against a store, inside a transaction that is rolled back so nothing is claimed.
/// PostgreSQL reports its own execution time (EXPLAIN ANALYZE) and the plan's index; SQLite is timed from here.
/// </summary>
public static class ClaimTimer
{
    public sealed record Timing(double MedianMs, string Plan);

    public static async Task<Timing> MeasureAsync(Deployment d, int runs = 15)
    {
        var claimSql = ClaimSql(d.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var parameters = new { owner = "bench-claim", leaseUntil = now + 300_000, now, limit = 100L };
        await using var c = await d.OpenAsync();
        var times = new List<double>();
        var plan = "";
        for (var i = 0; i < runs; i++)
        {
            await using var t = await c.BeginTransactionAsync();
            if (d.IsPostgres)
            {
                var json = await c.ExecuteScalarAsync<string>("EXPLAIN (ANALYZE, FORMAT JSON) " + claimSql, parameters, t);
                using var doc = JsonDocument.Parse(json!);
                times.Add(doc.RootElement[0].GetProperty("Execution Time").GetDouble());
                plan = Indexes(doc.RootElement[0].GetProperty("Plan"));
            }
            else
            {
                var start = Stopwatch.GetTimestamp();
                var claimed = (await c.QueryAsync(claimSql, parameters, t)).Count();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                plan = $"{claimed} rows";
            }
            await t.RollbackAsync();
        }
        return new Timing(Stats.Median(times), plan);
    }

    private static string ClaimSql(string lockClause)
    {
        var queue = typeof(Hookline.Storage.RelationalStore).Assembly.GetType("Hookline.Storage.DeliveryQueue")
            ?? throw new InvalidOperationException("Hookline.Storage.DeliveryQueue not found");
        var method = queue.GetMethod("ClaimSql", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("DeliveryQueue.ClaimSql not found");
        return (string)method.Invoke(null, [lockClause, ""])!;
    }

    private static string Indexes(JsonElement node)
    {
        var found = new List<string>();
        void Walk(JsonElement n)
        {
            var type = n.GetProperty("Node Type").GetString();
            if (n.TryGetProperty("Index Name", out var index))
            {
                found.Add($"{type} {index.GetString()}");
            }
            else if (type == "Seq Scan")
            {
                found.Add($"Seq Scan {n.GetProperty("Relation Name").GetString()}");
            }
            if (n.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }
        Walk(node);
        return string.Join(", ", found);
    }
}
