using System.Security.Cryptography;
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

    protected override Task<IHooklineStore> OpenAnotherNodeAsync() => Task.FromResult<IHooklineStore>(Open());

    // NORMAL keeps the suite fast; durability across power loss is not what these tests are about.
    private SqliteStore Open() =>
        new(ConnectionString, new AesGcmSecretProtector(_key), Clock, new SqliteOptions { Synchronous = "NORMAL" });

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
