using Hookline.Server.Hosting;
using Hookline.Server.Tests.Support;
using Hookline.Storage;

namespace Hookline.Server.Tests.Startup;

public sealed class StorageKindTests
{
    [Theory]
    [InlineData("sqlite", StorageKind.Sqlite)]
    [InlineData("Postgres", StorageKind.Postgres)]
    public void Parse_TheSettingsNames_InAnyCase(string value, StorageKind expected) =>
        StorageKinds.Parse(value).ShouldBe(expected);

    [Theory]
    [InlineData("mysql")]
    [InlineData("1")]
    [InlineData("")]
    public void Parse_AnythingElse_IsRefusedNamingTheSettingAndItsValues(string value)
    {
        var refused = Should.Throw<InvalidOperationException>(() => StorageKinds.Parse(value));
        refused.Message.ShouldContain("Hookline:Storage");
        refused.Message.ShouldContain("sqlite, postgres");
    }

    [Fact]
    public void NodeId_OnSqlite_IsLocal_AndOnPostgres_NamesTheProcess()
    {
        DeliveryEngineHost.ResolveNodeId(new HooklineOptions { Storage = "sqlite" }).ShouldBe("local");
        DeliveryEngineHost.ResolveNodeId(new HooklineOptions { Storage = "postgres" }).ShouldContain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Start_WithAnUnknownStore_IsRefusedNamingTheSetting()
    {
        var refused = await Should.ThrowAsync<Exception>(() => TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:Storage"] = "mysql" }));
        refused.ToString().ShouldContain("Hookline:Storage");
    }
}
