using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Hookline.Bench.Infra;

/// <summary>The built Hookline server run as a child process on a data directory and port of its own.</summary>
public sealed class HooklineProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _tail = new();

    private HooklineProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static HooklineProcess Start(int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new HooklineProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitReadyAsync(HttpClient client, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"the server did not answer within {within}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Peak resident set size of the process so far, in MiB (VmHWM); NaN once it has exited.</summary>
    public double PeakRssMiB() => Status("VmHWM:");

    /// <summary>Resident set size now, in MiB (VmRSS); NaN once it has exited.</summary>
    public double RssMiB() => Status("VmRSS:");

    private double Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }

    /// <summary>CPU time (user + system) the process has used so far, in seconds; NaN once it has exited.</summary>
    public double CpuSeconds() => ProcStat.CpuSeconds(_process.Id);

    /// <summary>Runs the server's <c>migrate</c> command, which brings the schema up to date and exits.</summary>
    public static async Task MigrateAsync(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("migrate");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Nothing is lost by a kill here: every publish was committed before its 202.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    /// <summary>The server of the bench's own configuration (Debug/Release), found from the repository root.</summary>
    private static string ServerDll()
    {
        var configuration = typeof(HooklineProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hookline.sln")))
        {
            dir = dir.Parent;
        }
        var root = dir?.FullName ?? throw new InvalidOperationException("Hookline.sln not found above the bench binaries");
        var dll = Path.Combine(root, "src", "Hookline.Server", "bin", configuration, "net10.0", "Hookline.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the server first", dll);
    }

    /// <summary>Throws, with the last lines the server wrote, when it has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the server (pid {_process.Id}) exited with code {_process.ExitCode}; its last output:\n" + string.Join('\n', _tail));
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > 60 && _tail.TryDequeue(out _))
        {
        }
        if (line.Contains("warn", StringComparison.Ordinal) || line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)
            || line.Contains("Unhandled", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"  server: {line}");
        }
    }
}
