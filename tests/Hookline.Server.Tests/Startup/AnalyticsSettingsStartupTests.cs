using Hookline.Server.Tests.Support;
using Hookline.Testing.Processes;

namespace Hookline.Server.Tests.Startup;

/// <summary>A <c>Hookline:Analytics:Rollups</c> that is not a boolean stops the server at start, named.</summary>
public sealed class AnalyticsSettingsStartupTests
{
    [Fact]
    public async Task ServerWithRollupsSetToANonBoolean_ExitsNonZero_NamingTheSetting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hookline:Storage"] = "sqlite",
            ["Hookline:AdminApiKey"] = TestHost.AdminKey,
            ["Hookline:DataDirectory"] = Directory.CreateTempSubdirectory("hookline-settings-").FullName,
            ["Hookline:Analytics:Rollups"] = "sometimes",
        };

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings, TimeSpan.FromSeconds(60));

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Hookline did not start");
        output.ShouldContain("Hookline:Analytics:Rollups must be true or false");
    }
}
