using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Hookline.Server.Tests.Seeds;

/// <summary>One of the seeds' own receivers (tools/seed-receivers) running as a child process on a free port, its output kept.</summary>
public sealed class SeedReceiverProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SeedReceiverProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Directory => Path.Combine(Repository.Root, "tools", "seed-receivers");

    public int Port { get; }

    public string Output => string.Join('\n', _output);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Starts <paramref name="program"/> with <c>script port secret</c> and waits until the port accepts connections.</summary>
    public static async Task<SeedReceiverProcess> StartAsync(string program, string script, string secret)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), secret })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PYTHONUNBUFFERED"] = "1";
        var receiver = new SeedReceiverProcess(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start"), port);
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (receiver._process.HasExited)
                {
                    throw new InvalidOperationException($"{script} exited with {receiver._process.ExitCode}:\n{receiver.Output}");
                }
                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), $"{script} should listen on {port}");
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
