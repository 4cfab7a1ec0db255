using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hookline.Client.Tests.Support;

/// <summary>Runs the built <c>hookline</c> CLI (src/Hookline.Cli/bin/{Configuration}/{tfm}/hookline.dll) as a process.</summary>
public static class Cli
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Dll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(RepoRoot, "src", "Hookline.Cli", "bin", output.Parent!.Name, output.Name, "hookline.dll");
            File.Exists(dll).ShouldBeTrue($"{dll} is built with the tests");
            return dll;
        }
    }

    /// <summary>Runs to the end; every run gets its own profile file unless <paramref name="env"/> names one.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? env = null)
    {
        using var process = Start(args, env);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOOKLINE_CONFIG"] = Path.Combine(Path.GetTempPath(), $"hookline-cli-{Guid.NewGuid():N}", "profiles.json");
        start.Environment.Remove("HOOKLINE_URL");
        start.Environment.Remove("HOOKLINE_API_KEY");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("could not start hookline");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hookline.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Hookline.sln not found above the test binaries");
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>A long-running CLI process whose output lines are collected as they come.</summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;

    public RunningCli(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        _process = Cli.Start(args, env);
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Lines.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Errors.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<string> Errors { get; } = new();
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Transcript => string.Join('\n', Lines) + "\nstderr:\n" + string.Join('\n', Errors);

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does, and waits for the process to end.</summary>
    public async Task InterruptAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
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
}
