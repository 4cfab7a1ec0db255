using System.Data.Common;
using Dapper;

namespace Hookline.Bench.Infra;

/// <summary>
/// Writes rows straight into the store with set-based SQL (a series joined into one INSERT), so a
/// backlog or a history of a million rows takes seconds instead of a million API calls. Rows have the
/// shape the engine writes: pending ones are due now; finished ones carry no due_at and one attempt.
/// Ids are 26 characters after the prefix like real ones, and start with 0 so they sort before them.
/// </summary>
public static class Seeder
{
    /// <summary><paramref name="messages"/> messages (indexes from..), each with one pending delivery per endpoint.</summary>
    public static async Task BacklogAsync(Deployment d, string appId, IReadOnlyList<string> endpointIds, long messages, string payload, long from = 1)
    {
        var to = from + messages - 1;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var c = await d.OpenAsync();
        await c.ExecuteAsync(
            $"INSERT INTO messages (id, app_id, event_type, event_id, channels, payload, created_at) " +
            $"SELECT {Id(d, "msg_0BENCH", "x")}, @appId, 'bench.event', NULL, '[]', @payload, @now FROM {Series(d)}",
            new { appId, payload, now, from, to }, commandTimeout: 1800);
        for (var e = 0; e < endpointIds.Count; e++)
        {
            await c.ExecuteAsync(
                "INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, " +
                "next_attempt_at, due_at, lease_owner, last_status_code, last_error, created_at, updated_at) " +
                $"SELECT {Id(d, "dlv_0BENCH", $"x * {endpointIds.Count} + {e}")}, {Id(d, "msg_0BENCH", "x")}, @appId, @endpointId, 'bench.event', 'pending', 0, 0, 'scheduled', " +
                $"@now, @now, NULL, NULL, NULL, @now, @now FROM {Series(d)}",
                new { appId, endpointId = endpointIds[e], now, from, to }, commandTimeout: 1800);
        }
        await AnalyzeAsync(d, c);
    }

    /// <summary><paramref name="count"/> succeeded deliveries (indexes from..), each with its attempt, all of one message.</summary>
    public static async Task FinishedAsync(Deployment d, string appId, string endpointId, long count, long from = 1)
    {
        var to = from + count - 1;
        var then = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        await using var c = await d.OpenAsync();
        await c.ExecuteAsync(
            $"INSERT INTO messages (id, app_id, event_type, event_id, channels, payload, created_at) " +
            $"SELECT {Id(d, "msg_0DONE0", "x")}, @appId, 'bench.event', NULL, '[]', '{{}}', @then FROM {Series(d)} WHERE 1 = 1 ON CONFLICT DO NOTHING",
            new { appId, then, from = 0L, to = 0L }, commandTimeout: 60);
        await c.ExecuteAsync(
            "INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, " +
            "next_attempt_at, due_at, lease_owner, last_status_code, last_error, created_at, updated_at) " +
            $"SELECT {Id(d, "dlv_0DONE0", "x")}, {Id(d, "msg_0DONE0", "0")}, @appId, @endpointId, 'bench.event', 'succeeded', 1, 0, 'scheduled', " +
            $"NULL, NULL, NULL, 200, NULL, @then, @then FROM {Series(d)}",
            new { appId, endpointId, then, from, to }, commandTimeout: 1800);
        await c.ExecuteAsync(
            "INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, url, status_code, response_body, error, error_class, attempt_trigger) " +
            $"SELECT {Id(d, "att_0DONE0", "x")}, {Id(d, "dlv_0DONE0", "x")}, 1, @then, 3, 'http://bench.invalid/', 200, NULL, NULL, NULL, 'scheduled' FROM {Series(d)}",
            new { then, from, to }, commandTimeout: 1800);
        await AnalyzeAsync(d, c);
    }

    /// <summary>Deliveries still to be sent (pending, sending or failed: the rows with a due_at), optionally of some endpoints only.</summary>
    public static async Task<long> RemainingAsync(Deployment d, IReadOnlyList<string>? endpointIds = null)
    {
        await using var c = await d.OpenAsync();
        var filter = endpointIds is null ? "" : " AND endpoint_id IN (" + string.Join(", ", endpointIds.Select(e => $"'{e}'")) + ")";
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE due_at IS NOT NULL" + filter, commandTimeout: 300);
    }

    // PostgreSQL's autovacuum would gather statistics after a bulk load like this soon anyway; SQLite's
    // planner is left as the server leaves it (it never runs ANALYZE). The checkpoint starts every measured
    // phase alike, rather than one of them paying for the checkpoint an earlier phase's WAL made due.
    private static async Task AnalyzeAsync(Deployment d, DbConnection c)
    {
        if (d.IsPostgres)
        {
            await c.ExecuteAsync("ANALYZE deliveries, attempts, messages", commandTimeout: 600);
            await d.CheckpointAsync();
        }
    }

    private static string Series(Deployment d) => d.IsPostgres
        ? "generate_series(@from::bigint, @to::bigint) AS s(x)"
        : "(WITH RECURSIVE g(x) AS (SELECT @from UNION ALL SELECT x + 1 FROM g WHERE x < @to) SELECT x FROM g) AS s";

    /// <summary>prefix + 20 zero-padded digits: 26 characters after the underscore.</summary>
    private static string Id(Deployment d, string prefix, string expression) => d.IsPostgres
        ? $"'{prefix}' || lpad(({expression})::text, 20, '0')"
        : $"'{prefix}' || printf('%020d', {expression})";
}
