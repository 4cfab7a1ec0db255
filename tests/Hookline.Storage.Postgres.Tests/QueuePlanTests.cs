using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Hookline.Core.Security;
using Hookline.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Storage.Tests.Postgres;

/// <summary>
/// The engine's hottest statements keep the plans that make them cheap whatever the statistics
/// say: the claim reads the due index in order and stops at its limit, and a completion is one
/// primary-key lookup. Asserted on the plans PostgreSQL chooses, not on timings.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueuePlanTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task ClaimPlan_WithALargeDueBacklog_ReadsTheDueIndexInOrderAndStopsAtTheLimit()
    {
        await WithDatabaseAsync(async connection =>
        {
            // A backlog that arrived after the last ANALYZE: the statistics say almost nothing is due.
            await connection.ExecuteAsync(
                """
                INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, due_at, created_at, updated_at)
                SELECT 'dlv_' || lpad(g::text, 12, '0'), 'msg_' || g, 'app_1', 'ep_1', 'order.created', 'pending', 0, 0, 'scheduled', NULL, g, g
                FROM generate_series(1, 20000) AS g;
                INSERT INTO endpoint_leases (endpoint_id, owner, lease_until) VALUES ('ep_9', 'node-b', 999999);
                ANALYZE deliveries;
                UPDATE deliveries SET due_at = 1000 + created_at;
                INSERT INTO endpoint_leases (endpoint_id, owner, lease_until) VALUES ('ep_8', 'node-c', 999999);
                """);

            await using var transaction = await connection.BeginTransactionAsync();
            var plan = await ExplainAsync(connection, "EXPLAIN (ANALYZE, FORMAT JSON) " + DeliveryQueue.ClaimSql("FOR UPDATE SKIP LOCKED", ""),
                new { owner = "node-a", leaseUntil = 90_000L, now = 50_000L, limit = 100L }, transaction);
            await transaction.RollbackAsync();

            var due = plan.Where(n => n.Index == "ix_deliveries_due").ShouldHaveSingleItem(PlanReader.Describe(plan));
            // In due order with the other node's endpoint filtered out: a little over the limit, never the backlog.
            due.Rows.ShouldBeLessThan(200, PlanReader.Describe(plan));
            plan.ShouldNotContain(n => n.Type.Contains("Anti Join") || n.Type == "Sort", PlanReader.Describe(plan));
        });
    }

    [Fact]
    public async Task ClaimAndReopenPlans_WithALargeHeldBacklog_ReadNoneOfIt()
    {
        await WithDatabaseAsync(async connection =>
        {
            // 20,000 deliveries held by ep_1's open circuit, 50 of ep_2 due.
            await connection.ExecuteAsync(
                """
                INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, due_at, created_at, updated_at)
                SELECT 'dlv_' || lpad(g::text, 12, '0'), 'msg_' || g, 'app_1', CASE WHEN g <= 20000 THEN 'ep_1' ELSE 'ep_2' END, 'order.created',
                       'pending', 0, 0, 'scheduled', CASE WHEN g <= 20000 THEN @held ELSE 1000 + g END, g, g
                FROM generate_series(1, 20050) AS g;
                ANALYZE deliveries;
                """, new { held = HeldDeliveries.HeldDueMs });

            await using var transaction = await connection.BeginTransactionAsync();
            var claim = await ExplainAsync(connection, "EXPLAIN (ANALYZE, FORMAT JSON) " + DeliveryQueue.ClaimSql("FOR UPDATE SKIP LOCKED", "AND endpoint_id NOT IN ('ep_1')"),
                new { owner = "node-a", leaseUntil = 90_000L, now = 50_000L, limit = 100L }, transaction);
            var reopen = await ExplainAsync(connection, "EXPLAIN (ANALYZE, FORMAT JSON) " + HeldDeliveries.HoldSql,
                new { endpointId = "ep_1", nextProbeAt = 80_000L, held = HeldDeliveries.HeldDueMs }, transaction);
            await transaction.RollbackAsync();

            claim.Where(n => n.Index == "ix_deliveries_due").Sum(n => n.Rows).ShouldBeLessThan(200, PlanReader.Describe(claim));
            reopen.ShouldContain(n => n.Index == "ix_deliveries_due", PlanReader.Describe(reopen));
            reopen.Where(n => n.Index is not null).Sum(n => n.Rows).ShouldBeLessThan(200, PlanReader.Describe(reopen));
        });
    }

    [Fact]
    public async Task CompletePlan_WhileTheNodeHoldsManyLeases_IsOnePrimaryKeyLookup()
    {
        await WithDatabaseAsync(async connection =>
        {
            await SeedManyLeasesAsync(connection);

            var plan = await ExplainAsync(connection, "EXPLAIN (FORMAT JSON) " + CompletionWrites.CompleteSql, new
            {
                id = "dlv_000000000150",
                owner = "node-a",
                status = "succeeded",
                number = 1L,
                next = (long?)null,
                due = (long?)null,
                code = (long?)200,
                error = (string?)null,
                now = 2_000L,
                waited = 0L,
            });

            plan.ShouldContain(n => n.Index == "deliveries_pkey", PlanReader.Describe(plan));
            plan.ShouldNotContain(n => n.Index == "ix_deliveries_lease_owner", PlanReader.Describe(plan));
        });
    }

    [Fact]
    public async Task CompleteFromArraysPlan_WhileTheNodeHoldsManyLeases_IsAPrimaryKeyLookupPerRow()
    {
        await WithDatabaseAsync(async connection =>
        {
            await SeedManyLeasesAsync(connection);

            var plan = await ExplainAsync(connection, "EXPLAIN (FORMAT JSON) " + CompletionWrites.CompleteFromArraysSql, new
            {
                id = new[] { "dlv_000000000150", "dlv_000000000151" },
                owner = new[] { "node-a", "node-a" },
                status = new[] { "succeeded", "failed" },
                number = new long?[] { 1, 1 },
                next = new long?[] { null, 5_000 },
                due = new long?[] { null, 5_000 },
                code = new long?[] { 200, 500 },
                error = new string?[] { null, "HTTP 500" },
                now = new long?[] { 2_000, 2_000 },
                waited = new long?[] { 0, 0 },
            });

            plan.ShouldContain(n => n.Index == "deliveries_pkey", PlanReader.Describe(plan));
            plan.ShouldNotContain(n => n.Index == "ix_deliveries_lease_owner", PlanReader.Describe(plan));
        });
    }

    /// <summary>5,000 deliveries, 300 of them leased by node-a; statistics taken while no row had an owner make the partial lease-owner index look cheap.</summary>
    private static Task SeedManyLeasesAsync(Npgsql.NpgsqlConnection connection) =>
        connection.ExecuteAsync(
            """
            INSERT INTO deliveries (id, message_id, app_id, endpoint_id, event_type, status, attempt_count, round_start, next_trigger, due_at, created_at, updated_at)
            SELECT 'dlv_' || lpad(g::text, 12, '0'), 'msg_' || g, 'app_1', 'ep_1', 'order.created', 'pending', 0, 0, 'scheduled', 1000, g, g
            FROM generate_series(1, 5000) AS g;
            ANALYZE deliveries;
            UPDATE deliveries SET status = 'sending', lease_owner = 'node-a', due_at = 90000 WHERE id <= 'dlv_000000000300';
            """);

    private async Task WithDatabaseAsync(Func<Npgsql.NpgsqlConnection, Task> test)
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
            await test(connection);
        }
        finally
        {
            await postgres.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<List<PlanNode>> ExplainAsync(Npgsql.NpgsqlConnection connection, string sql, object parameters, System.Data.IDbTransaction? transaction = null)
    {
        var json = await connection.ExecuteScalarAsync<string>(sql, parameters, transaction);
        using var document = JsonDocument.Parse(json!);
        return PlanReader.Flatten(document.RootElement[0].GetProperty("Plan")).ToList();
    }
}
