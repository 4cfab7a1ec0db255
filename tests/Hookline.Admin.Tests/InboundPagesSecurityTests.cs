using Hookline.Admin.Tests.Support;
using Hookline.Server.Tests.Inbound;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

/// <summary>The sources, templates and events pages: forms refuse a missing antiforgery token, and an app key sees its own app only.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboundPagesSecurityTests(BrowserFixture browser) : AdminUiTest(browser)
{
    [Fact]
    public async Task NewForms_PostedWithoutAntiforgeryToken_AreRefused_AndChangeNothing()
    {
        var app = await CreateAppAsync("Acme", "acme");
        (await Host.Admin.PostAsync($"/api/v1/apps/{app}/templates", new { name = "greeting", body = "Hello" })).Status.ShouldBe(System.Net.HttpStatusCode.Created);
        var source = await Host.Admin.CreateSourceAsync(app, new { name = "Feed", verification = new { type = "api-key" } });
        var template = (await GetAsync("/api/v1/apps/acme/templates/greeting")).Str("id");
        await SignInAsync(TestHost.AdminKey);

        var forged = new (string Path, IFormData Form)[]
        {
            ("/admin/sources/edit?app=acme", Context.APIRequest.CreateFormData().Set("Form.Name", "Forged")),
            ($"/admin/sources/edit/{source.Str("id")}?app=acme", Context.APIRequest.CreateFormData().Set("Form.Name", "Renamed")),
            ($"/admin/sources/{source.Str("id")}?app=acme&handler=Rotate", Context.APIRequest.CreateFormData().Set("confirm", "yes")),
            ("/admin/templates/edit?app=acme", Context.APIRequest.CreateFormData().Set("Form.Name", "forged").Set("Form.Body", "x")),
            ($"/admin/templates/edit/{template}?app=acme", Context.APIRequest.CreateFormData().Set("Form.Name", "greeting").Set("Form.Body", "changed")),
            ($"/admin/templates/{template}?app=acme&handler=Rollback", Context.APIRequest.CreateFormData().Set("version", "1")),
        };
        foreach (var (path, form) in forged)
        {
            var answer = await Page.APIRequest.PostAsync(path, new() { Form = form, MaxRedirects = 0 });
            answer.Status.ShouldBe(400, path);
        }

        var sources = (await GetAsync("/api/v1/apps/acme/sources"))["data"]!.AsArray();
        sources.ShouldHaveSingleItem()!.Str("name").ShouldBe("Feed");
        var stored = await GetAsync("/api/v1/apps/acme/templates/greeting");
        stored["version"]!.GetValue<int>().ShouldBe(1);
        (await GetAsync("/api/v1/apps/acme/templates"))["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task AppKey_CannotSeeAnotherAppsSourcesTemplatesOrEvents()
    {
        var own = await CreateAppAsync("Own", "own");
        var other = await CreateAppAsync("Other", "other");
        var theirs = await Host.Admin.CreateSourceAsync(other, new { name = "Their feed" });
        await Host.Admin.CreateSourceAsync(own, new { name = "My feed" });
        (await Host.Admin.PostAsync($"/api/v1/apps/{other}/templates", new { name = "their-template", body = "x" })).Status.ShouldBe(System.Net.HttpStatusCode.Created);
        var theirTemplate = (await GetAsync("/api/v1/apps/other/templates/their-template")).Str("id");
        using var sender = new HttpClient();
        var sent = await sender.SendRawAsync(theirs.Str("ingest_url"), """{"customer_id":"their-customer","event_type":"t"}""");
        var theirEvent = sent.Body.Str("event_id");
        var (_, key) = await Host.Admin.PostAsync($"/api/v1/apps/{own}/api-keys", new { name = "ui" });
        await SignInAsync(key.Str("key"));

        foreach (var path in new[]
                 {
                     "/admin/sources?app=other", $"/admin/sources/{theirs.Str("id")}", $"/admin/sources/{theirs.Str("id")}?app=other",
                     $"/admin/sources/edit/{theirs.Str("id")}", "/admin/templates?app=other", $"/admin/templates/{theirTemplate}",
                     $"/admin/templates/edit/{theirTemplate}?app=other", "/admin/events?app=other", $"/admin/events/{theirEvent}",
                 })
        {
            var answer = await Page.GotoAsync(path);
            answer!.Status.ShouldBe(404, path);
            var content = await Page.ContentAsync();
            content.ShouldNotContain("Their feed", customMessage: path);
            content.ShouldNotContain("their-customer", customMessage: path);
        }

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sources", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "My feed" })).ToBeVisibleAsync();
        (await Page.ContentAsync()).ShouldNotContain("Their feed");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true }).ClickAsync();
        (await Page.ContentAsync()).ShouldNotContain("their-customer");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Templates", Exact = true }).ClickAsync();
        (await Page.ContentAsync()).ShouldNotContain("their-template");
    }
}
