using Hookline.Admin.Tests.Support;
using Hookline.Server.Tests.Inbound;
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
        var source = await Host.Admin.CreateSourceAsync(app, new
        {
            name = "CDR feed",
            type = "CDR",
            verification = new { type = "api-key", secret = "cdr-feed-shared-secret-0123456789" },
            mapping = new { customer_id_field = "subscriber", event_type_field = "kind", value_field = "amount" },
        });
        using (var sender = new HttpClient())
        {
            var key = new Dictionary<string, string> { ["X-API-Key"] = "cdr-feed-shared-secret-0123456789" };
            (await sender.SendRawAsync(source.Str("ingest_url"), """{"subscriber":"c-42","kind":"recharge","amount":5}""", key)).Status.ShouldBe(System.Net.HttpStatusCode.Accepted);
            (await sender.SendRawAsync(source.Str("ingest_url"), """{"subscriber":"c-7","kind":"recharge","amount":12.5}""", key)).Status.ShouldBe(System.Net.HttpStatusCode.Accepted);
            (await sender.SendRawAsync(source.Str("ingest_url"), """{"subscriber":"c-7"}""")).Status.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }
        var events = (await GetAsync($"/api/v1/apps/{app}/events"))["data"]!.AsArray();
        (await Host.Admin.PostAsync($"/api/v1/apps/{app}/templates", new { name = "order-to-slack", event_types = new[] { "order.created" }, body = new { text = "Order {{ data.order }}: {{ data.amount | divided_by: 100 }} EUR" } }))
            .Status.ShouldBe(System.Net.HttpStatusCode.Created);
        var template = (await GetAsync($"/api/v1/apps/{app}/templates/order-to-slack")).Str("id");
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
            ("sources", "/admin/sources?app=acme", "Sources"),
            ("source", $"/admin/sources/{source.Str("id")}?app=acme", "Source"),
            ("source-form", "/admin/sources/edit?app=acme", "New source"),
            ("templates", "/admin/templates?app=acme", "Templates"),
            ("template", $"/admin/templates/{template}?app=acme", "Template"),
            ("events", "/admin/events?app=acme", "Events"),
            ("event", $"/admin/events/{events[0].Str("id")}?app=acme", "Event"),
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
