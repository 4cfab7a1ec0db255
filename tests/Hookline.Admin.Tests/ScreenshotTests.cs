using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

/// <summary>
/// Every main page renders with traffic in it. With <c>HOOKLINE_SCREENSHOTS=dir</c> the pages are saved
/// there as PNG (how the pictures in docs/admin.md are made).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser) : AdminUiTest(browser)
{
    [Fact]
    public async Task MainPages_WithTraffic_RenderWithTheirHeadings()
    {
        var app = await CreateAppAsync("Acme", "acme");
        var good = (await Host.Admin.CreateEndpointAsync(app, new { url = Receiver.Url("/orders"), description = "orders service", event_types = new[] { "order.created" } })).Str("id");
        Receiver.Answers["/broken"] = _ => 503;
        await Host.Admin.CreateEndpointAsync(app, new { url = Receiver.Url("/broken"), description = "legacy billing", retry_policy = new { schedule_seconds = Array.Empty<int>() } });
        string? message = null;
        for (var i = 0; i < 6; i++)
        {
            var (_, m) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "order.created", event_id = $"ord-{i}", payload = new { order = i, amount = 4200 + i } });
            message ??= m.Str("id");
        }
        await EventuallyAsync(async () => (await GetAsync($"/api/v1/apps/{app}/deliveries?status=dead"))["data"]!.AsArray().Count == 6, "the broken endpoint's deliveries to die");
        await SignInAsync(TestHost.AdminKey);

        var pages = new (string Name, string Path, string Heading)[]
        {
            ("dashboard", "/admin?app=acme", "Dashboard"),
            ("apps", "/admin/apps", "Apps"),
            ("endpoints", "/admin/endpoints?app=acme", "Endpoints"),
            ("endpoint", $"/admin/endpoints/{good}?app=acme", "Endpoint"),
            ("endpoint-form", "/admin/endpoints/edit?app=acme", "New endpoint"),
            ("messages", "/admin/messages?app=acme", "Messages"),
            ("message", $"/admin/messages/{message}?app=acme", "Message"),
            ("dead-letters", "/admin/dead-letters?app=acme", "Dead letters"),
        };
        var directory = Environment.GetEnvironmentVariable("HOOKLINE_SCREENSHOTS");
        foreach (var (name, path, heading) in pages)
        {
            (await Page.GotoAsync(path))!.Status.ShouldBe(200, path);
            await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
            if (!string.IsNullOrEmpty(directory))
            {
                await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"admin-{name}.png"), FullPage = true });
            }
        }
        await Page.GotoAsync("/admin?app=acme");
        (await Page.GetByRole(AriaRole.Link, new() { Name = Receiver.Url("/broken") }).CountAsync()).ShouldBe(1);
        await Page.Context.ClearCookiesAsync();
        await Page.GotoAsync("/admin/login");
        if (!string.IsNullOrEmpty(directory))
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, "admin-sign-in.png") });
        }
    }
}
