using System.Security.Cryptography;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Postgres;

namespace Hookline.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServerFixture postgres) : StoreComplianceTests
{
    private string? _connectionString;
    private PostgresStore? _store;

    protected override async Task<IHooklineStore> CreateCleanStoreAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        _store = new PostgresStore(_connectionString, new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), Clock);
        await _store.MigrateAsync();
        return _store;
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        if (_connectionString is not null)
        {
            await postgres.Server.DropDatabaseAsync(_connectionString);
        }
    }
}
