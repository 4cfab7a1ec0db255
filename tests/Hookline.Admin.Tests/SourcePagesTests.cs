using System.Net;
using Hookline.Admin.Tests.Support;
using Hookline.Server.Tests.Inbound;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SourcePagesTests(BrowserFixture browser) : AdminUiTest(browser)
{
    private const string Secret = "cdr-feed-shared-secret-0123456789";

    private string _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _app = await CreateAppAsync("Acme", "acme");
        await SignInAsync(TestHost.AdminKey);
    }

    [Fact]
    public async Task Source_CreatedThroughTheForm_ShowsItsIngestUrl_AndTheRequestsItReceived_WithRefusalReasons()
    {
        await Page.GotoAsync("/admin/sources?app=acme");
        await Assertions.Expect(Page.Locator(".empty")).ToContainTextAsync("Create the first source");
        await Page.GetByRole(AriaRole.Link, new() { Name = "New source" }).ClickAsync();

        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("CDR feed");
        await Page.GetByLabel("Sending system").FillAsync("CDR");
        await Page.GetByLabel("Verification", new() { Exact = true }).SelectOptionAsync("hmac");
        await Page.GetByLabel("Secret", new() { Exact = true }).FillAsync(Secret);
        await Page.GetByLabel("Signature or key header").FillAsync("X-Signature");
        await Page.GetByLabel("Customer id field").FillAsync("subscriber");
        await Page.GetByLabel("Event type field").FillAsync("kind");
        await Page.GetByLabel("Value field").FillAsync("amount");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create source" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("source-secret")).ToHaveTextAsync(Secret);
        var ingestUrl = await Page.GetByTestId("ingest-url").InnerTextAsync();
        var sources = (await GetAsync("/api/v1/apps/acme/sources"))["data"]!.AsArray();
        var stored = sources.ShouldHaveSingleItem()!;
        stored.Str("name").ShouldBe("CDR feed");
        stored["verification"]!.Str("header").ShouldBe("X-Signature");
        stored["mapping"]!.Str("customer_id_field").ShouldBe("subscriber");
        ingestUrl.ShouldBe(stored.Str("ingest_url"));

        using var sender = new HttpClient();
        const string body = """{"subscriber":"c-42","kind":"recharge","amount":5}""";
        var unsigned = await sender.SendRawAsync(ingestUrl, body);
        unsigned.Status.ShouldBe(HttpStatusCode.Unauthorized);
        var signed = await sender.SendRawAsync(ingestUrl, body, new Dictionary<string, string> { ["X-Signature"] = IntakeClient.HexHmacSha256(Secret, body) });
        signed.Status.ShouldBe(HttpStatusCode.Accepted);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Open the source" }).ClickAsync();
        await Assertions.Expect(Page.GetByLabel("Ingest URL")).ToHaveValueAsync(ingestUrl);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Copy ingest URL" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("counter-accepted")).ToHaveTextAsync("1");
        await Assertions.Expect(Page.GetByTestId("counter-unauthorized")).ToHaveTextAsync("1");
        var rows = Page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var refused = rows.Filter(new() { HasText = "unauthorized" });
        await Assertions.Expect(refused).ToContainTextAsync("401");
        var reason = (await GetAsync($"/api/v1/apps/acme/sources/{stored.Str("id")}/requests"))["data"]!.AsArray()
            .Single(r => r.Str("outcome") == "unauthorized")!.Str("reason");
        reason.ShouldNotBeNullOrEmpty();
        await Assertions.Expect(refused).ToContainTextAsync(reason);
        await Assertions.Expect(rows.Filter(new() { HasText = "accepted" })).ToContainTextAsync(signed.Body.Str("event_id"));
    }

    [Fact]
    public async Task SourceForm_WithAnInvalidField_ShowsTheRuleBesideIt_AndStoresNothing()
    {
        await Page.GotoAsync("/admin/sources/edit?app=acme");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bad");
        await Page.GetByLabel("Verification", new() { Exact = true }).SelectOptionAsync("hmac");
        await Page.GetByLabel("IP allow list").FillAsync("not-an-ip");
        var answer = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Create source" }).ClickAsync(), r => r.Request.Method == "POST");

        answer.Status.ShouldBe(422);
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not saved");
        await Assertions.Expect(Page.Locator("#header ~ p.error")).ToContainTextAsync("is required for hmac");
        await Assertions.Expect(Page.Locator("#ip_allow_list ~ p.error")).ToContainTextAsync("not a CIDR block");
        (await GetAsync("/api/v1/apps/acme/sources"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Source_EditedThroughTheForm_KeepsItsSecret_AndChangesTheMapping()
    {
        var created = await Host.Admin.CreateSourceAsync(_app, new { name = "Feed", verification = new { type = "api-key", secret = Secret } });
        await Page.GotoAsync($"/admin/sources/{created.Str("id")}?app=acme");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit source" }).ClickAsync();
        await Assertions.Expect(Page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Feed");

        await Page.GetByLabel("Fixed event type").FillAsync("usage.reported");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save source" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Source saved.");
        (await GetAsync($"/api/v1/apps/acme/sources/{created.Str("id")}"))["mapping"]!.Str("event_type").ShouldBe("usage.reported");
        using var sender = new HttpClient();
        var sent = await sender.SendRawAsync(created.Str("ingest_url"), """{"customer_id":"c"}""", new Dictionary<string, string> { ["X-API-Key"] = Secret });
        sent.Status.ShouldBe(HttpStatusCode.Accepted);
        sent.Body.Str("event_type").ShouldBe("usage.reported");
    }

    [Fact]
    public async Task NormalizedEvent_IsListed_AndOpensWithItsFields()
    {
        var created = await Host.Admin.CreateSourceAsync(_app, new { name = "Plain" });
        await Page.GotoAsync("/admin/events?app=acme");
        await Assertions.Expect(Page.Locator(".empty")).ToContainTextAsync("No events match");
        using var sender = new HttpClient();
        var sent = await sender.SendRawAsync(created.Str("ingest_url"),
            """{"customer_id":"cust-7","event_type":"recharge","value":12.5,"timestamp":"2026-01-02T03:04:05Z","metadata":{"plan":"gold"}}""");
        sent.Status.ShouldBe(HttpStatusCode.Accepted);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Events", Exact = true }).ClickAsync();
        var row = Page.Locator("tbody tr").Filter(new() { HasText = "cust-7" });
        await Assertions.Expect(row).ToContainTextAsync("recharge");
        await Assertions.Expect(row).ToContainTextAsync("12.5");
        await Assertions.Expect(row.Locator("time").First).ToHaveAttributeAsync("title", "2026-01-02 03:04:05 UTC");
        await row.GetByRole(AriaRole.Link, new() { Name = sent.Body.Str("event_id") }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("customer-id")).ToHaveTextAsync("cust-7");
        await Assertions.Expect(Page.GetByTestId("event-metadata")).ToContainTextAsync("gold");
        await Page.GetByRole(AriaRole.Link, new() { Name = sent.Body.Str("message_id") }).ClickAsync();
        await Assertions.Expect(Page.Locator("h1")).ToContainTextAsync(sent.Body.Str("message_id"));

        await Page.GotoAsync("/admin/events?app=acme&customer_id=somebody-else");
        await Assertions.Expect(Page.Locator(".empty")).ToContainTextAsync("No events match");
    }
}
