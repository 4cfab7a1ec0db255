using System.Net;
using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class PortalLinkTests(BrowserFixture browser) : AdminUiTest(browser)
{
    [Fact]
    public async Task PortalLink_SignsItsHolderInScopedToTheApp_WithTheBranding_Once()
    {
        var own = await CreateAppAsync("Customer", "customer");
        var other = await CreateAppAsync("Other", "other");
        await Host.Admin.CreateEndpointAsync(own, new { url = "https://customer.example/hooks" });
        var theirs = (await Host.Admin.CreateEndpointAsync(other, new { url = "https://other.example/hooks" })).Str("id");
        var (status, link) = await Host.Admin.PostAsync("/api/v1/apps/customer/portal-links",
            new { expires_in_seconds = 600, branding = new { name = "Customer Co", logo_url = "https://customer.example/logo.png", color = "#aa3300" } });
        status.ShouldBe(HttpStatusCode.Created);
        link.Str("app_id").ShouldBe(own);
        var url = link.Str("url");
        url.ShouldStartWith(BaseUrl + "/admin/portal/hlp_");

        await Page.GotoAsync(url);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "https://customer.example/hooks" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("header .brand")).ToContainTextAsync("Customer Co");
        (await Page.ContentAsync()).ShouldContain("--brand: #aa3300");
        (await Page.GotoAsync($"/admin/endpoints/{theirs}?app=other"))!.Status.ShouldBe(404);
        (await Page.GotoAsync("/admin/endpoints?app=other"))!.Status.ShouldBe(404);

        var second = await Context.Browser!.NewContextAsync(new() { BaseURL = BaseUrl });
        var again = await second.NewPageAsync();
        await again.GotoAsync(url);
        await again.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("expired or was already used");
        (await second.CookiesAsync()).ShouldNotContain(c => c.Name == "hookline_admin");
        await second.DisposeAsync();
    }

    [Fact]
    public async Task PortalLink_OpenedWithoutClicking_IsNotUsedUp()
    {
        await CreateAppAsync("Customer", "customer");
        var (_, link) = await Host.Admin.PostAsync("/api/v1/apps/customer/portal-links", new { });
        using var preview = new HttpClient();
        (await preview.GetAsync(link.Str("url"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Page.GotoAsync(link.Str("url"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("""{"expires_in_seconds":5}""", "expires_in_seconds")]
    [InlineData("""{"session_seconds":999999}""", "session_seconds")]
    [InlineData("""{"branding":{"color":"red;}body{display:none"}}""", "branding.color")]
    [InlineData("""{"branding":{"logo_url":"javascript:alert(1)"}}""", "branding.logo_url")]
    public async Task PortalLink_WithBadFields_Is422NamingTheField(string body, string field)
    {
        await CreateAppAsync("Customer", "customer");
        var (status, problem) = await Host.Admin.SendAsync(HttpMethod.Post, "/api/v1/apps/customer/portal-links", body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task PortalLink_ForAnotherApp_IsNotFoundForAnAppKey_AndNeedsAKey()
    {
        var own = await CreateAppAsync("Own", "own");
        await CreateAppAsync("Other", "other");
        var (_, key) = await Host.Admin.PostAsync($"/api/v1/apps/{own}/api-keys", new { name = "ci" });
        using var scoped = Host.Client(key.Str("key"));
        using var anonymous = Host.Client(null);

        (await scoped.PostAsync("/api/v1/apps/other/portal-links", new { })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await scoped.PostAsync("/api/v1/apps/own/portal-links", new { })).Status.ShouldBe(HttpStatusCode.Created);
        (await anonymous.PostAsync("/api/v1/apps/own/portal-links", new { })).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
