using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hookline.Server.Tests.Support;

/// <summary>
/// The built Hookline.Server.dll running as a child process, so a test can kill a node the way an
/// operating system would. Uses the build of the same configuration as the test assembly.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress, string name)
    {
        _process = process;
        BaseAddress = baseAddress;
        Name = name;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public string Name { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the node printed, for a failure message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    public static async Task<ServerProcess> StartAsync(string name, IDictionary<string, string?> settings, TimeSpan ready)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Hookline.Server");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), name);
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (process.HasExited || watch.Elapsed > ready)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"node {name} did not become ready within {ready}:\n{server.RecentOutput}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Runs a server that is expected to refuse to start: its exit code and all it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string?> settings, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Hookline.Server");
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

    /// <summary>Ends the node at once, as a crash or <c>kill -9</c> would: no shutdown, leases left behind.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>tests/Hookline.Server.Tests/bin/{Configuration}/{tfm}/ → src/Hookline.Server/bin/{Configuration}/{tfm}/Hookline.Server.dll.</summary>
    private static string ServerDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Hookline.sln")))
        {
            root = root.Parent;
        }
        var dll = root is null ? null : Path.Combine(root.FullName, "src", "Hookline.Server", "bin", configuration, tfm, "Hookline.Server.dll");
        return dll is not null && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"Hookline.Server.dll ({configuration}, {tfm}) was not found next to the repository of {AppContext.BaseDirectory}; build the solution first");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
