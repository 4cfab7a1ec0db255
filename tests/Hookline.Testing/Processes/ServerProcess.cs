using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Hookline.Testing.Processes;

/// <summary>
/// The built Hookline.Server.dll (of the caller's own configuration) run as a child process on a port of its
/// own, so a test can kill it the way an operating system would and start it again on the same port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable, IDisposable
{
    private readonly IReadOnlyList<KeyValuePair<string, string?>> _settings;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly int _keepLines;
    private Process? _process;

    public ServerProcess(IEnumerable<KeyValuePair<string, string?>> settings, string name = "hookline", int? port = null, int keepLines = 200)
    {
        _settings = settings.ToList();
        Name = name;
        Port = port ?? FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        _keepLines = keepLines;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }

    /// <summary>How often the process was started.</summary>
    public int Starts { get; private set; }

    public int Pid => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running");
    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Called with every line the server prints (e.g. to echo warnings).</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>The last lines the server printed, for a failure message.</summary>
    public string RecentOutput => string.Join('\n', _tail);

    /// <summary>Starts a node and waits until it answers <paramref name="probePath"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IEnumerable<KeyValuePair<string, string?>> settings, TimeSpan ready, string probePath = "/readyz")
    {
        var server = new ServerProcess(settings, name);
        try
        {
            await server.StartAsync(ready, probePath);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again, after <see cref="Kill"/>) and waits, bounded, until it answers <paramref name="probePath"/>.</summary>
    public async Task StartAsync(TimeSpan within, string probePath = "/healthz")
    {
        Launch();
        await WaitReadyAsync(within, probePath);
    }

    /// <summary>Starts the process without waiting for it.</summary>
    public void Launch()
    {
        if (!HasExited)
        {
            throw new InvalidOperationException($"{Name} is already running");
        }
        _process?.Dispose();
        var start = Command(ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;
    }

    public async Task WaitReadyAsync(TimeSpan within, string probePath = "/healthz")
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            ThrowIfExited();
            try
            {
                using var response = await probe.GetAsync(probePath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout.
            }
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"{Name} did not answer {probePath} on {BaseAddress} within {within}:\n{RecentOutput}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Throws, with the last lines the server wrote, when it has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process is { HasExited: true } process)
        {
            throw new InvalidOperationException($"{Name} (pid {process.Id}) exited with code {process.ExitCode}; its last output:\n{RecentOutput}");
        }
    }

    /// <summary>Ends the node at once, as a crash or <c>kill -9</c> would: no shutdown hooks, leases left behind.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Peak resident set size so far, in MiB (VmHWM); NaN when not running.</summary>
    public double PeakRssMiB() => Status("VmHWM:");

    /// <summary>Resident set size now, in MiB (VmRSS); NaN when not running.</summary>
    public double RssMiB() => Status("VmRSS:");

    private double Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
        return double.NaN;
    }

    /// <summary>Runs the server's <c>migrate</c> command, which brings the schema up to date and exits.</summary>
    public static async Task MigrateAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var (exitCode, output) = await RunMigrateAsync(settings);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"migrate exited with {exitCode}: {output}");
        }
    }

    /// <summary>Runs the server's <c>migrate</c> command: its exit code and all it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunMigrateAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var start = Command(ServerDll);
        start.ArgumentList.Add("migrate");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Runs a server that is expected to refuse to start: its exit code and all it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IEnumerable<KeyValuePair<string, string?>> settings, TimeSpan timeout)
    {
        var start = Command(ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort.Next()}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the server was still running after {timeout}: {await stdout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>src/Hookline.Server/bin/{Configuration}/{tfm}/Hookline.Server.dll, of the caller's configuration.</summary>
    public static string ServerDll
    {
        get
        {
            var dll = Path.Combine(Repository.Root, "src", "Hookline.Server", "bin", Repository.Configuration, Repository.TargetFramework, "Hookline.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the server first ({dll} is missing)", dll);
        }
    }

    public void Dispose() => Kill();

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static ProcessStartInfo Command(string dll)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        return start;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > _keepLines && _tail.TryDequeue(out _))
        {
        }
        OnOutput?.Invoke(line);
    }
}
