using System.Security.Cryptography;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Postgres;

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

    protected override Task<IHooklineStore> OpenAnotherNodeAsync() => Task.FromResult<IHooklineStore>(Open());

    private PostgresStore Open()
    {
        var store = new PostgresStore(_connectionString!, new AesGcmSecretProtector(_key), Clock);
        _stores.Add(store);
        return store;
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
