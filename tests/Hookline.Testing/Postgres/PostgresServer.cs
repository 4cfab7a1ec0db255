using System.Diagnostics;
using Npgsql;

namespace Hookline.Testing;

/// <summary>
/// A throw-away PostgreSQL server for tests: initdb into a temp directory, listening only on
/// 127.0.0.1 at a free port, stopped and deleted on dispose. When the tests run as root the
/// server runs as the <c>postgres</c> OS user, since PostgreSQL refuses to run as root.
/// Lives in Hookline.Testing, which every test project and the bench reference.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string BinOverride = "HOOKLINE_PG_BIN";

    private readonly string _bin;
    private readonly string _root;
    private readonly NpgsqlDataSource _admin;
    private int _stopped;

    private readonly string _serverOptions;

    private PostgresServer(string bin, string root, int port, string serverOptions)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _serverOptions = serverOptions;
        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>
    /// Finds the server binaries, creates a cluster and starts it; fails (never skips) when PostgreSQL
    /// is not installed. Tests leave durability out (fsync, synchronous commit and full-page writes
    /// off) since the server is deleted after the run; the bench asks for <paramref name="durable"/>
    /// commits, which is what a real deployment pays for, and may load pg_stat_statements to
    /// <paramref name="trackStatements"/> for a profile.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(bool durable = false, bool trackStatements = false, CancellationToken ct = default)
    {
        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"hookline-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root], root, asServiceUser: false, ct);
            }
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", Path.Combine(root, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                root, Environment.IsPrivilegedProcess, ct);
            var port = FreePort.Next();
            var durability = durable ? "-c fsync=on -c synchronous_commit=on -c full_page_writes=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 {durability} -c max_connections=300{(trackStatements ? " -c shared_preload_libraries=pg_stat_statements" : "")}";
            await RunAsync(Path.Combine(bin, "pg_ctl"),
                ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"],
                root, Environment.IsPrivilegedProcess, ct);
            var server = new PostgresServer(bin, root, port, options);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var detail = File.Exists(log) ? "\nserver log:\n" + File.ReadAllText(log) : "";
            TryDelete(root);
            throw new InvalidOperationException($"could not start a test PostgreSQL server: {e.Message}{detail}", e);
        }
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var command = _admin.CreateCommand($"CREATE DATABASE {name}");
        await command.ExecuteNonQueryAsync(ct);
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("the connection string names no database", nameof(connectionString));
        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Shuts the server down the way an operator's restart does (fast: sessions are terminated); the data directory stays.</summary>
    public Task StopServerAsync(CancellationToken ct = default) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], _root, Environment.IsPrivilegedProcess, ct);

    /// <summary>Starts a server stopped by <see cref="StopServerAsync"/> again, on the same port and data.</summary>
    public Task StartServerAsync(CancellationToken ct = default) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", _serverOptions, "start"],
            _root, Environment.IsPrivilegedProcess, ct);

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        Stop();
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], _root, Environment.IsPrivilegedProcess, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        finally
        {
            TryDelete(_root);
        }
    }

    private static string FindBinaries()
    {
        static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        if (Environment.GetEnvironmentVariable(BinOverride) is { Length: > 0 } overridden)
        {
            return HasServer(overridden) ? overridden : throw new InvalidOperationException($"{BinOverride}={overridden} has no initdb and pg_ctl");
        }
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(c => HasServer(c.Bin))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
            $"Install the postgresql package (./test.sh does this) or point {BinOverride} at a bin directory.");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, string workingDirectory, bool asServiceUser, CancellationToken ct)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            foreach (var a in new[] { "-u", ServiceUser, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
