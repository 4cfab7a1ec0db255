using Hookline.Testing;

namespace Hookline.Server.Tests.Support;

/// <summary>One throw-away PostgreSQL server for the collection; every host started from it gets a fresh database, dropped after.</summary>
public sealed class PostgresFixture : IAsyncLifetime, IHostStarter
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL server has not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var connectionString = await Server.CreateDatabaseAsync();
        return await StartOnAsync(connectionString, settings, () => Server.DropDatabaseAsync(connectionString));
    }

    /// <summary>Nodes sharing a database must share the key that encrypts endpoint secrets.</summary>
    public static readonly string ClusterEncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>A node on an existing database: several of them make a cluster.</summary>
    public static Task<TestHost> StartOnAsync(string connectionString, IDictionary<string, string?>? settings = null, Func<Task>? afterStop = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Hookline:Storage"] = "postgres",
            ["Hookline:ConnectionString"] = connectionString,
            ["Hookline:NodeId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Hookline:EncryptionKey"] = ClusterEncryptionKey,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        return TestHost.StartAsync(config, afterStop: afterStop);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
