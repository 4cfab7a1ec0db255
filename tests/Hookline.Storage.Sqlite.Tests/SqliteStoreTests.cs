using System.Security.Cryptography;
using Hookline.Core.Analytics;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookline.Storage.Tests;

public sealed class SqliteStoreTests : StoreComplianceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hookline-test-{Guid.NewGuid():N}.db");

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private string ConnectionString => $"Data Source={_path}";

    protected override async Task<IHooklineStore> CreateCleanStoreAsync()
    {
        var store = Open();
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

    protected override Task<IHooklineStore> OpenAnotherNodeAsync(AnalyticsOptions? analytics = null) => Task.FromResult<IHooklineStore>(Open(analytics));

    // NORMAL keeps the suite fast; durability across power loss is not what these tests are about.
    private SqliteStore Open(AnalyticsOptions? analytics = null) =>
        new(ConnectionString, new AesGcmSecretProtector(_key), Clock, new SqliteOptions { Synchronous = "NORMAL" }, analytics);

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
