using Hookline.Server.Tests.Support;
using Hookline.Testing.Processes;

namespace Hookline.Server.Tests.Startup;

/// <summary>A bad <c>Hookline:Delivery</c> setting stops the server at start, named, instead of being clamped quietly.</summary>
public sealed class DeliverySettingsStartupTests
{
    private static Dictionary<string, string?> Settings(string key, string value) => new()
    {
        ["Hookline:Storage"] = "sqlite",
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:DataDirectory"] = Directory.CreateTempSubdirectory("hookline-settings-").FullName,
        [key] = value,
    };

    [Fact]
    public async Task ServerWithAZeroBatchSize_ExitsNonZero_NamingTheSetting()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(Settings("Hookline:Delivery:BatchSize", "0"), TimeSpan.FromSeconds(60));

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Hookline did not start");
        output.ShouldContain("Hookline:Delivery:BatchSize must be at least 1");
    }

    [Fact]
    public async Task ServerWithANegativeBreakDuration_ExitsNonZero_NamingTheNestedSetting()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(Settings("Hookline:Delivery:Breaker:BreakDuration", "-00:00:05"), TimeSpan.FromSeconds(60));

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Hookline:Delivery:Breaker:BreakDuration");
    }
}
