using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(BrowserFixture browser) : AdminUiTest(browser)
{
    [Fact]
    public async Task Form_PostedWithoutAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        await SignInAsync(TestHost.AdminKey);

        // The session cookie goes along, as it would from a forged form; the token does not.
        var answer = await Page.APIRequest.PostAsync("/admin/apps", new() { Form = Context.APIRequest.CreateFormData().Set("name", "Forged") });

        answer.Status.ShouldBe(400);
        (await GetAsync("/api/v1/apps"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Form_PostedWithTheToken_Works()
    {
        await SignInAsync(TestHost.AdminKey);
        await Page.GotoAsync("/admin/apps");

        await Page.GetByLabel("Name").FillAsync("Acme");
        await Page.GetByLabel("Uid (optional, your own id for it)").FillAsync("acme");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create app" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("App Acme created.");
        (await GetAsync("/api/v1/apps/acme")).Str("name").ShouldBe("Acme");
        var hidden = await Page.Locator("form[method=post] input[name=__RequestVerificationToken]").CountAsync();
        hidden.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AppKey_CannotSeeAnotherAppsPages()
    {
        var own = await CreateAppAsync("Own", "own");
        var other = await CreateAppAsync("Other", "other");
        var otherEndpoint = (await Host.Admin.CreateEndpointAsync(other, new { url = "https://example.com/theirs" })).Str("id");
        await Host.Admin.CreateEndpointAsync(own, new { url = "https://example.com/mine" });
        var (_, published) = await Host.Admin.PostAsync($"/api/v1/apps/{other}/messages", new { event_type = "a.b", payload = new { secret = "theirs" } });
        var (_, key) = await Host.Admin.PostAsync($"/api/v1/apps/{own}/api-keys", new { name = "ui" });
        await SignInAsync(key.Str("key"));

        foreach (var path in new[]
                 {
                     "/admin/endpoints?app=other", $"/admin/endpoints?app={other}", $"/admin/endpoints/{otherEndpoint}?app=other",
                     $"/admin/endpoints/{otherEndpoint}", $"/admin/messages/{published.Str("id")}?app=other", $"/admin/messages/{published.Str("id")}",
                     "/admin/dead-letters?app=other", "/admin?app=other", $"/admin/endpoints/edit/{otherEndpoint}?app=other",
                 })
        {
            var answer = await Page.GotoAsync(path);
            answer!.Status.ShouldBe(404, path);
            (await Page.ContentAsync()).ShouldNotContain("example.com/theirs", customMessage: path);
        }

        await Page.GotoAsync("/admin/endpoints");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "https://example.com/mine" })).ToBeVisibleAsync();
        (await Page.ContentAsync()).ShouldNotContain("example.com/theirs");
        await Page.GotoAsync("/admin/apps");
        (await Page.Locator("tbody tr").CountAsync()).ShouldBe(1);
        (await Page.GetByRole(AriaRole.Button, new() { Name = "Create app" }).CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AppKey_CannotCreateApps_EvenWithAValidForm()
    {
        var own = await CreateAppAsync("Own", "own");
        var (_, key) = await Host.Admin.PostAsync($"/api/v1/apps/{own}/api-keys", new { name = "ui" });
        await SignInAsync(key.Str("key"));
        await Page.GotoAsync("/admin/apps");
        var token = await Page.Locator("#signout-form input[name=__RequestVerificationToken]").GetAttributeAsync("value");

        var answer = await Page.APIRequest.PostAsync("/admin/apps",
            new() { Form = Context.APIRequest.CreateFormData().Set("name", "Mine").Set("__RequestVerificationToken", token!), MaxRedirects = 0 });

        answer.Status.ShouldBeOneOf(302, 403);
        (await GetAsync("/api/v1/apps"))["data"]!.AsArray().Count.ShouldBe(1);
    }
}
