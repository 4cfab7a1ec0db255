using System.Diagnostics;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Packaging;

/// <summary><c>dotnet pack</c> of the SDK packages and the tool, then the tool installed from the packed file and run.</summary>
public sealed class PackagingTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"hookline-pack-{Guid.NewGuid():N}");

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Pack_ProducesBothPackagesAndTheTool_AndTheInstalledToolTalksToTheServer()
    {
        var feed = Path.Combine(_work, "feed");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        foreach (var project in new[] { "Hookline.Signing", "Hookline.Client", "Hookline.Cli" })
        {
            var pack = await RunAsync("dotnet", ["pack", Path.Combine(Support.Cli.RepoRoot, "src", project), "-c", configuration, "--no-build", "-o", feed, "-nologo"]);
            pack.ExitCode.ShouldBe(0, pack.ToString());
        }
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
        packages.ShouldContain(p => p!.StartsWith("Hookline.Signing.", StringComparison.Ordinal));
        packages.ShouldContain(p => p!.StartsWith("Hookline.Client.", StringComparison.Ordinal));
        packages.ShouldContain(p => p!.StartsWith("hookline.", StringComparison.Ordinal));

        var tools = Path.Combine(_work, "tools");
        // A package folder of its own: the global one would keep serving an earlier hookline 0.1.0 it extracted.
        var install = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "hookline"],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") });
        install.ExitCode.ShouldBe(0, install.ToString());

        var hookline = Path.Combine(tools, "hookline");
        var version = await RunAsync(hookline, ["--version"]);
        version.ExitCode.ShouldBe(0, version.ToString());
        version.Output.ShouldStartWith("0.1.0");

        var created = await RunAsync(hookline, ["apps", "create", "from-the-tool", "--url", _server.Host.BaseAddress.ToString(), "--key", TestHost.AdminKey]);
        created.ExitCode.ShouldBe(0, created.ToString());
        var apps = new List<string>();
        await foreach (var app in _server.Client.Apps.ListAsync())
        {
            apps.Add(app.Name);
        }
        apps.ShouldContain("from-the-tool");
    }

    private async Task<CliResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOOKLINE_CONFIG"] = Path.Combine(_work, "profiles.json");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
