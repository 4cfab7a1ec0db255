using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Notifications;

/// <summary>The endpoint field <c>notification</c> and the platform URL warnings, through the API.</summary>
public sealed class NotificationApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _app = (await _host.Admin.CreateAppAsync("Zentry")).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_WithNotificationOptions_StoresAndReturnsThem()
    {
        var created = await _host.Admin.CreateEndpointAsync(_app, new
        {
            url = "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke",
            kind = "teams",
            notification = new { username = "Zentry", avatar_url = "https://example.com/z.png", teams_format = "adaptive_card", mention = "jane@contoso.com" },
        });

        created["warnings"].ShouldBeNull();
        var (status, got) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{created.Str("id")}");
        status.ShouldBe(HttpStatusCode.OK);
        var notification = got!["notification"]!;
        notification.Str("username").ShouldBe("Zentry");
        notification.Str("avatar_url").ShouldBe("https://example.com/z.png");
        notification.Str("teams_format").ShouldBe("adaptive_card");
        notification.Str("mention").ShouldBe("jane@contoso.com");
    }

    [Theory]
    [InlineData("""{"teams_format":"card"}""", "teams_format")]
    [InlineData("""{"avatar_url":"ftp://example.com/a.png"}""", "avatar_url")]
    [InlineData("""{"username":""}""", "username")]
    [InlineData("""{"mention":"\u0007"}""", "mention")]
    public async Task Create_WithInvalidNotificationOption_Is422NamingTheFieldAndStoresNothing(string notification, string option)
    {
        var (status, body) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            $$"""{"url":"https://discord.com/api/webhooks/1/abc","kind":"discord","notification":{{notification}}}""");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["notification"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldContain(e => e.Contains(option, StringComparison.Ordinal));
        var (_, list) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints");
        list!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("discord", "https://example.com/hooks", "Discord")]
    [InlineData("slack", "https://example.com/hooks", "Slack")]
    [InlineData("teams", "https://example.com/hooks", "Teams")]
    public async Task Create_WithUrlUnlikeThePlatforms_IsCreatedWithAWarning(string kind, string url, string platform)
    {
        var created = await _host.Admin.CreateEndpointAsync(_app, new { url, kind });

        created["warnings"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldContain(platform);
    }

    [Theory]
    [InlineData("discord", "https://discord.com/api/webhooks/123/token")]
    [InlineData("slack", "https://hooks.slack.com/services/T0/B0/secret")]
    [InlineData("teams", "https://contoso.webhook.office.com/webhookb2/abc")]
    public async Task Create_WithThePlatformsOwnUrl_HasNoWarning(string kind, string url)
    {
        var created = await _host.Admin.CreateEndpointAsync(_app, new { url, kind });

        created["warnings"].ShouldBeNull();
    }

    [Fact]
    public async Task Patch_ToMessageCardOnAWorkflowsUrl_WarnsThatWorkflowsWantAdaptiveCards()
    {
        var created = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://prod-1.westus.logic.azure.com/workflows/x", kind = "teams" });

        var (status, patched) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/endpoints/{created.Str("id")}", """{"notification":{"teams_format":"message_card"}}""");

        status.ShouldBe(HttpStatusCode.OK);
        patched!["notification"]!.Str("teams_format").ShouldBe("message_card");
        patched["warnings"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldContain("teams_format");
    }

    [Fact]
    public async Task OpenApi_DescribesTheNotificationFieldAndTestMessage()
    {
        var (status, doc) = await _host.Admin.GetJsonAsync("/openapi/v1.json");

        status.ShouldBe(HttpStatusCode.OK);
        var schemas = doc!["components"]!["schemas"]!;
        schemas["NotificationOptions"]!["properties"]!["teams_format"].ShouldNotBeNull();
        schemas["EndpointRequest"]!["properties"]!["notification"].ShouldNotBeNull();
        schemas["EndpointResponse"]!["properties"]!["warnings"].ShouldNotBeNull();
        schemas["EndpointTestRequest"]!["properties"]!["test_message"].ShouldNotBeNull();
    }
}
