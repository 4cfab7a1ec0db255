using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Durability;

/// <summary>
/// The built Hookline server run as a child process, so a test can SIGKILL it and start it again
/// on the same data directory and port, exactly as an operator's process supervisor would.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private Process? _process;

    public ServerProcess(IReadOnlyDictionary<string, string> settings)
    {
        Port = FreePort();
        DataDirectory = Path.Combine(Path.GetTempPath(), "hookline-kill-" + Guid.NewGuid().ToString("N"));
        _settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public int Starts { get; private set; }

    /// <summary>The server built with the same configuration (Debug/Release) as this test assembly.</summary>
    public static string ServerDll
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Path.Combine(JsChecks.RepoRoot, "src", "Hookline.Server", "bin", configuration, "net10.0", "Hookline.Server.dll");
            File.Exists(dll).ShouldBeTrue($"build the server first ({dll} is missing)");
            return dll;
        }
    }

    /// <summary>Starts the process and waits (bounded) until it answers its liveness check.</summary>
    public async Task StartAsync(HttpClient probe, TimeSpan within)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.ArgumentList.Add($"--Hookline:DataDirectory={DataDirectory}");
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
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new ShouldAssertException($"the server exited with {process.ExitCode}: {Output}");
            }
            try
            {
                using var response = await probe.GetAsync(new Uri(BaseAddress, "/healthz"));
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout.
                return false;
            }
        }, within, $"the server to answer on {BaseAddress}; output: {Output}");
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks, no flush, in-flight requests cut.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            _process = null;
        }
    }

    public string Output => string.Join('\n', _lastLines);

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lastLines.Enqueue(line);
        while (_lastLines.Count > 40 && _lastLines.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
