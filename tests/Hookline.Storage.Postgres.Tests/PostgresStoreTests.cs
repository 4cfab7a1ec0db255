using System.Security.Cryptography;
using Hookline.Core.Analytics;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Postgres;
using Npgsql;

namespace Hookline.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServerFixture postgres) : StoreComplianceTests
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly List<PostgresStore> _stores = [];
    private string? _connectionString;

    protected override async Task<IHooklineStore> CreateCleanStoreAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        var store = Open();
        await store.MigrateAsync();
        return store;
    }

    protected override Task<IHooklineStore> OpenAnotherNodeAsync(AnalyticsOptions? analytics = null) => Task.FromResult<IHooklineStore>(Open(analytics));

    private PostgresStore Open(AnalyticsOptions? analytics = null)
    {
        var store = new PostgresStore(_connectionString!, new AesGcmSecretProtector(_key), Clock, analytics);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task EndpointStatsLastAttempt_ReadsTheAttemptsIndex()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        // An empty table is cheapest to scan; the question is whether the index can serve the query.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("EXPLAIN " + DeliveryStore.LastAttemptSql.Replace("@endpointId", "'ep_1'", StringComparison.Ordinal), connection);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        plan.ShouldContain(p => p.Contains("ix_attempts_delivery_started", StringComparison.Ordinal), string.Join("\n", plan));
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        if (_connectionString is not null)
        {
            await postgres.Server.DropDatabaseAsync(_connectionString);
        }
    }
}
