using Hookline.Server.Tests.Support;
using Hookline.Testing.Processes;

namespace Hookline.Server.Tests.Startup;

/// <summary>A <c>Hookline:Analytics:Rollups</c> that is not a boolean stops the server at start, and <c>migrate</c>, named.</summary>
public sealed class AnalyticsSettingsStartupTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["Hookline:Storage"] = "sqlite",
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:DataDirectory"] = Directory.CreateTempSubdirectory("hookline-settings-").FullName,
        ["Hookline:Analytics:Rollups"] = "sometimes",
    };

    [Fact]
    public async Task ServerWithRollupsSetToANonBoolean_ExitsNonZero_NamingTheSetting()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(Settings(), TimeSpan.FromSeconds(60));

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Hookline did not start");
        output.ShouldContain("Hookline:Analytics:Rollups must be true or false");
    }

    [Fact]
    public async Task MigrateWithRollupsSetToANonBoolean_ExitsOne_NamingTheSetting_WithoutAStackTrace()
    {
        var (exitCode, output) = await ServerProcess.RunMigrateAsync(Settings());

        exitCode.ShouldBe(1, output);
        output.ShouldContain("migrate: the settings are not valid: Hookline:Analytics:Rollups must be true or false");
        output.ShouldNotContain("   at ");
    }
}
