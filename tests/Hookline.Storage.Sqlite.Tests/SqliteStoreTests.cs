using System.Security.Cryptography;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookline.Storage.Tests;

public sealed class SqliteStoreTests : StoreComplianceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hookline-test-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_path}";

    protected override async Task<IHooklineStore> CreateCleanStoreAsync()
    {
        // NORMAL keeps the suite fast; durability across power loss is not what these tests are about.
        var store = new SqliteStore(ConnectionString, new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), Clock, new SqliteOptions { Synchronous = "NORMAL" });
        await store.MigrateAsync();
        return store;
    }

    [Fact]
    public async Task EndpointStatsLastAttempt_ReadsTheAttemptsIndex_AndSortsNoAttempts()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + DeliveryStore.LastAttemptSql;
        command.Parameters.AddWithValue("@endpointId", "ep_1");
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        plan.ShouldContain(p => p.Contains("ix_attempts_delivery_started", StringComparison.Ordinal), string.Join("\n", plan));
        plan.ShouldContain(p => p.Contains("ix_deliveries_endpoint", StringComparison.Ordinal), string.Join("\n", plan));
        plan.ShouldNotContain(p => p.StartsWith("SCAN a", StringComparison.Ordinal) || p.StartsWith("SCAN x", StringComparison.Ordinal), string.Join("\n", plan));
    }

    public override Task DisposeAsync()
    {
        // Pooled connections keep the file open; let go of them before deleting it.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }
}
