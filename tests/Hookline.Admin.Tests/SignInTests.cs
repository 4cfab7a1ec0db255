using System.Net;
using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser) : AdminUiTest(browser)
{
    [Fact]
    public async Task SignIn_WithAdminKey_ShowsTheDashboardWithEveryNavLink()
    {
        await Page.GotoAsync("/admin");
        Page.Url.ShouldContain("/admin/login");

        await SignInAsync(TestHost.AdminKey);

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dashboard");
        var nav = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var link in new[] { "Dashboard", "Apps", "Endpoints", "Messages", "Dead letters", "Sign out" })
        {
            await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }
        (await Page.Locator("svg.chart").CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyStrictAndExpiring_AndNeverHoldsTheKey()
    {
        await SignInAsync(TestHost.AdminKey);

        var cookie = (await Context.CookiesAsync()).Single(c => c.Name == "hookline_admin");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Strict);
        cookie.Expires.ShouldBeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        cookie.Expires.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddHours(8).AddMinutes(1).ToUnixTimeSeconds());
        cookie.Value.ShouldNotContain(TestHost.AdminKey);
        cookie.Value.ShouldNotContain(Hookline.Core.Security.ApiKeys.Hash(TestHost.AdminKey));
    }

    [Fact]
    public async Task SignIn_WithWrongKey_StaysOnTheFormWithAnError()
    {
        await Page.GotoAsync("/admin/login");
        await Page.GetByLabel("API key").FillAsync("hk_not_a_key");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        (await Context.CookiesAsync()).ShouldNotContain(c => c.Name == "hookline_admin");
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await SignInAsync(TestHost.AdminKey);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        Page.Url.ShouldContain("/admin/login");
        (await Context.CookiesAsync()).ShouldNotContain(c => c.Name == "hookline_admin");
        await Page.GotoAsync("/admin/apps");
        Page.Url.ShouldContain("/admin/login");
    }

    [Fact]
    public async Task SignOut_WithoutScript_AsksThenSignsOut()
    {
        await SignInAsync(TestHost.AdminKey);
        await Page.GotoAsync("/admin/logout");

        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        Page.Url.ShouldContain("/admin/login");
        (await Context.CookiesAsync()).ShouldNotContain(c => c.Name == "hookline_admin");
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/apps")]
    [InlineData("/admin/endpoints?app=x")]
    [InlineData("/admin/messages?app=x")]
    [InlineData("/admin/dead-letters?app=x")]
    public async Task AdminPage_WithoutSession_RedirectsToSignIn(string path)
    {
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        var answer = await plain.GetAsync(path);
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.ToString().ShouldContain("/admin/login");
    }

    [Fact]
    public async Task Session_DoesNotAuthenticateTheApi()
    {
        await SignInAsync(TestHost.AdminKey);

        var answer = await Page.APIRequest.GetAsync("/api/v1/apps");

        answer.Status.ShouldBe(401);
        (await answer.TextAsync()).ShouldContain("Bearer");
    }

    [Fact]
    public async Task Session_OfADeletedKey_Ends()
    {
        var app = await CreateAppAsync("Own", "own");
        var (_, created) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "ui" });
        await SignInAsync(created.Str("key"));
        (await Page.GotoAsync("/admin/endpoints"))!.Status.ShouldBe(200);

        (await Host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}/api-keys/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NoContent);

        await EventuallyAsync(async () =>
        {
            await Page.GotoAsync("/admin/endpoints");
            return Page.Url.Contains("/admin/login", StringComparison.Ordinal);
        }, "the deleted key's session to end");
    }
}
