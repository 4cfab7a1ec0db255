using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Hookline.Core.Security;
using Hookline.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Storage.Tests.Postgres;

/// <summary>
/// The claim runs on every dispatcher tick, so its cost must not grow with the history of
/// finished deliveries. Asserted on the plan PostgreSQL chooses, not on timings.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimPlanTests(PostgresServerFixture postgres)
{
    private const int DueDeliveries = 50;

    [Theory]
    [InlineData(1_000)]
    [InlineData(1_000_000)]
    public async Task ClaimPlan_WithFinishedHistory_ReadsOnlyTheDueIndex(int finished)
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        try
        {
            await using (var store = new PostgresStore(connectionString, new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), new FakeTimeProvider()))
            {
                await store.MigrateAsync();
            }
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await FillAsync(connection, finished);

            var plan = await ExplainClaimAsync(connection);

            var nodes = PlanReader.Flatten(plan).ToList();
            nodes.ShouldNotContain(n => n.Type == "Seq Scan" && n.Relation == "deliveries", PlanReader.Describe(nodes));
            nodes.ShouldContain(n => n.Index == "ix_deliveries_due", PlanReader.Describe(nodes));
        }
        finally
        {
            await postgres.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task FillAsync(Npgsql.NpgsqlConnection connection, int finished)
    {
        // Finished rows carry no due_at, as completion leaves them; a few rows are due so the claim has work.
        const string insert = """
            INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start,
                                    next_trigger, next_attempt_at, due_at, last_status_code, last_error, created_at, updated_at)
            SELECT 'dlv_' || lpad(g::text, 12, '0'), 'msg_' || g, 'app_1', 'ep_' || (g % 20), 'order.created', @status, @attempts, 0,
                   'scheduled', NULL, @due, @code, NULL, g, g
            FROM generate_series(@from, @to) AS g
            """;
        await connection.ExecuteAsync(insert, new { status = "succeeded", attempts = 1L, due = (long?)null, code = (long?)200, from = 1L, to = (long)finished }, commandTimeout: 300);
        await connection.ExecuteAsync(insert, new { status = "pending", attempts = 0L, due = (long?)1_000, code = (long?)null, from = finished + 1L, to = (long)finished + DueDeliveries });
        await connection.ExecuteAsync("ANALYZE deliveries", commandTimeout: 300);
    }

    private static async Task<JsonElement> ExplainClaimAsync(Npgsql.NpgsqlConnection connection)
    {
        var sql = "EXPLAIN (FORMAT JSON) " + DeliveryQueue.ClaimSql("FOR UPDATE SKIP LOCKED", "");
        var json = await connection.ExecuteScalarAsync<string>(sql, new { owner = "node-a", leaseUntil = 2_000L, now = 1_500L, limit = 100L });
        using var document = JsonDocument.Parse(json!);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }
}
