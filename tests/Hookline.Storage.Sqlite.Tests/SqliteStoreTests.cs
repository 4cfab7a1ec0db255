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
