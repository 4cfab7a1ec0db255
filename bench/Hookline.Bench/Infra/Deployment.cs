using System.Data.Common;
using System.Security.Cryptography;
using Hookline.Testing;
using Hookline.Testing.Processes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hookline.Bench.Infra;

/// <summary>
/// A fresh, migrated store for one measurement (a temp SQLite directory, or a new database on the
/// run's throw-away PostgreSQL server) and the settings to start Hookline nodes on it.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    public const string AdminKey = "hk_bench_admin_key";
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly BenchOptions _options;
    private readonly string _dataDirectory;
    private readonly PostgresServer? _postgres;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private Deployment(BenchOptions options, string store, string dataDirectory, string connectionString, PostgresServer? postgres,
        IReadOnlyDictionary<string, string>? settings)
    {
        _options = options;
        _settings = settings ?? new Dictionary<string, string>();
        Store = store;
        _dataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _postgres = postgres;
    }

    public string Store { get; }
    public string ConnectionString { get; }
    public bool IsPostgres => _postgres is not null;

    /// <summary>A fresh store; <paramref name="settings"/> go to every node started on it (after <c>--set</c>, before a start's own overrides).</summary>
    public static async Task<Deployment> CreateAsync(BenchContext context, string store, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hookline-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        Deployment deployment;
        if (Hookline.Storage.StorageKinds.Parse(store) == Hookline.Storage.StorageKind.Postgres)
        {
            var server = await context.PostgresAsync();
            deployment = new Deployment(context.Options, store, dataDirectory, await server.CreateDatabaseAsync(), server, settings);
        }
        else
        {
            var file = Path.Combine(dataDirectory, "hookline.db");
            deployment = new Deployment(context.Options, store, dataDirectory, $"Data Source={file};Pooling=False", null, settings);
        }
        await ServerProcess.MigrateAsync(deployment.Settings(dispatcher: false));
        return deployment;
    }

    public Dictionary<string, string?> Settings(bool dispatcher, string? nodeId = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hookline:Storage"] = Store,
            ["Hookline:AdminApiKey"] = AdminKey,
            ["Hookline:EncryptionKey"] = EncryptionKey,
            ["Hookline:DataDirectory"] = _dataDirectory,
            ["Hookline:AllowPrivateTargets"] = "true",
            ["Hookline:RunDispatcher"] = dispatcher ? "true" : "false",
            ["Hookline:SqliteSynchronous"] = _options.Synchronous,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (IsPostgres)
        {
            settings["Hookline:ConnectionString"] = ConnectionString;
        }
        if (nodeId is not null)
        {
            settings["Hookline:NodeId"] = nodeId;
        }
        foreach (var (key, value) in _options.Extra.Concat(_settings).Concat(overrides ?? new Dictionary<string, string>()))
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>Starts a node and waits until it answers <c>/healthz</c>.</summary>
    public async Task<ServerProcess> StartAsync(bool dispatcher, string? nodeId = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var process = new ServerProcess(Settings(dispatcher, nodeId, overrides), nodeId ?? "hookline", keepLines: 60) { OnOutput = EchoProblems };
        try
        {
            await process.StartAsync(TimeSpan.FromSeconds(120));
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static void EchoProblems(string line)
    {
        if (line.Contains("warn", StringComparison.Ordinal) || line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)
            || line.Contains("Unhandled", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"  server: {line}");
        }
    }

    /// <summary>CPU seconds used so far by the PostgreSQL server (postmaster and backends); NaN on SQLite, whose work is inside the node.</summary>
    public async Task<double> DatabaseCpuSecondsAsync()
    {
        if (!IsPostgres)
        {
            return double.NaN;
        }
        await using var c = await OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT pg_backend_pid()";
        var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        return ProcStat.ParentOf(backend) is { } postmaster ? ProcStat.TreeCpuSeconds(postmaster) : double.NaN;
    }

    /// <summary>
    /// On PostgreSQL, a checkpoint now, so the phase that follows starts with no earlier phase's WAL to flush and
    /// every phase pays the same full-page writes after it; nothing on SQLite.
    /// </summary>
    public async Task CheckpointAsync()
    {
        if (!IsPostgres)
        {
            return;
        }
        await using var c = await OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "CHECKPOINT";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DropDatabaseAsync(ConnectionString);
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
