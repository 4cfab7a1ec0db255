using System.Diagnostics;

namespace Hookline.Server.Tests.Support;

/// <summary>Runs the third-party checks in <c>tools/js-checks</c> (installed by the test command) with Node.</summary>
public static class JsChecks
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, string? argument = null, string? stdin = null)
    {
        var dir = Path.Combine(Repository.Root, "tools", "js-checks");
        Directory.Exists(Path.Combine(dir, "node_modules")).ShouldBeTrue("run ./test.sh (it installs tools/js-checks with npm)");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        if (argument is not null)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}

public static class OpenApiValidator
{
    public static async Task AssertValidAsync(string document)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hookline-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exit, output) = await JsChecks.RunAsync("validate-openapi.mjs", file);
            exit.ShouldBe(0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
