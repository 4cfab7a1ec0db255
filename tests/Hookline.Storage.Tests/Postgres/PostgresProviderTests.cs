using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dapper;
using Hookline.Core.Apps;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hookline.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL provider promises: several nodes on one database, and typed outages.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderTests(PostgresServerFixture postgres)
{
    private static PostgresStore NewStore(string connectionString) =>
        new(connectionString, new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), new FakeTimeProvider());

    [Fact]
    public async Task Migrate_FromSeveralNodesAtOnce_AppliesEachVersionOnce()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        try
        {
            var stores = Enumerable.Range(0, 4).Select(_ => NewStore(connectionString)).ToList();

            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

            await using var connection = new NpgsqlConnection(connectionString);
            var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_version")).ToList();
            versions.Order().ShouldBe(Schema.Migrations.Select(m => (long)m.Version).Order());
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        finally
        {
            await postgres.Server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Store_WhenTheServerIsUnreachable_PingsFalse_AndWritesThrowUnavailable()
    {
        await using var store = NewStore($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=none;Timeout=2");
        var app = new App { Id = "app_1", Name = "Acme", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch };

        (await store.PingAsync()).ShouldBeFalse();
        await Should.ThrowAsync<StoreUnavailableException>(() => store.Apps.CreateAsync(app));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DiskFull, true)]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    [InlineData(PostgresErrorCodes.SyntaxError, false)]
    public void IsUnavailable_ClassifiesServerErrors(string sqlState, bool unavailable)
    {
        using var dialect = new PostgresDialect("Host=127.0.0.1");
        var error = new PostgresException("server said no", "ERROR", "ERROR", sqlState);

        dialect.IsUnavailable(error).ShouldBe(unavailable);
        dialect.IsUniqueViolation(error).ShouldBe(sqlState == PostgresErrorCodes.UniqueViolation);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
