using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class EndpointPagesTests(BrowserFixture browser) : AdminUiTest(browser)
{
    private string _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _app = await CreateAppAsync("Acme", "acme");
        await SignInAsync(TestHost.AdminKey);
    }

    [Fact]
    public async Task Endpoint_CreatedThroughTheForm_IsStoredWithTheFieldsSet()
    {
        await Page.GotoAsync("/admin/endpoints?app=acme");
        await Page.GetByRole(AriaRole.Link, new() { Name = "New endpoint" }).ClickAsync();

        await Page.GetByLabel("URL", new() { Exact = true }).FillAsync(Receiver.Url("/orders"));
        await Page.GetByLabel("Description").FillAsync("orders service");
        await Page.GetByLabel("Event types").FillAsync("order.created, order.paid");
        await Page.GetByLabel("HTTP method").SelectOptionAsync("PUT");
        await Page.GetByLabel("Headers").FillAsync("X-Tenant: 42");
        await Page.GetByLabel("Retry policy (JSON)").FillAsync("""{"schedule_seconds":[1,2]}""");
        await Page.GetByLabel("Timeout (seconds)").FillAsync("20");
        await Page.GetByLabel("Rate limit (per second)").FillAsync("5");
        await Page.GetByLabel("Max concurrency").FillAsync("3");
        await Page.GetByLabel("Failover URL").FillAsync("https://example.com/backup");
        await Page.GetByLabel("Compression").SelectOptionAsync("gzip");
        await Page.GetByLabel("Metadata").FillAsync("team=billing");
        await Page.GetByLabel("Ordered (one at a time, in order)").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Endpoint created.");
        var stored = (await GetAsync($"/api/v1/apps/{_app}/endpoints"))["data"]!.AsArray().ShouldHaveSingleItem()!;
        stored.Str("url").ShouldBe(Receiver.Url("/orders"));
        stored.Str("description").ShouldBe("orders service");
        stored["event_types"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["order.created", "order.paid"]);
        stored.Str("method").ShouldBe("PUT");
        stored["headers"]!["X-Tenant"]!.GetValue<string>().ShouldBe("42");
        stored["retry_policy"]!["schedule_seconds"]!.AsArray().Count.ShouldBe(2);
        stored["timeout_seconds"]!.GetValue<int>().ShouldBe(20);
        stored["rate_limit_per_second"]!.GetValue<double>().ShouldBe(5);
        stored["max_concurrency"]!.GetValue<int>().ShouldBe(3);
        stored.Str("failover_url").ShouldBe("https://example.com/backup");
        stored.Str("compression").ShouldBe("gzip");
        stored["metadata"]!["team"]!.GetValue<string>().ShouldBe("billing");
        stored["ordered"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Endpoint_Form_WithBadValues_NamesTheFields_AndSavesNothing()
    {
        await Page.GotoAsync("/admin/endpoints/edit?app=acme");
        await Page.GetByLabel("URL", new() { Exact = true }).FillAsync("ftp://example.com/x");
        await Page.GetByLabel("Timeout (seconds)").FillAsync("500");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not saved");
        await Assertions.Expect(Page.Locator("#url-error")).ToContainTextAsync("http or https");
        await Assertions.Expect(Page.Locator("#timeout_seconds + p.error")).ToContainTextAsync("between 1 and 60");
        (await GetAsync($"/api/v1/apps/{_app}/endpoints"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Endpoint_Edited_KeepsOtherFields_AndClearedFieldsReturnToDefault()
    {
        var id = (await Host.Admin.CreateEndpointAsync(_app, new { url = Receiver.Url("/a"), description = "old", rate_limit_per_second = 9, event_types = new[] { "a.b" } })).Str("id");
        await Page.GotoAsync($"/admin/endpoints/{id}?app=acme");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit endpoint" }).ClickAsync();

        await Page.GetByLabel("Description").FillAsync("new");
        await Page.GetByLabel("Rate limit (per second)").FillAsync("");
        await Page.GetByLabel("Disabled").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save endpoint" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Endpoint saved.");
        var stored = await GetAsync($"/api/v1/apps/{_app}/endpoints/{id}");
        stored.Str("description").ShouldBe("new");
        stored["rate_limit_per_second"].ShouldBeNull();
        stored["disabled"]!.GetValue<bool>().ShouldBeTrue();
        stored["event_types"]!.AsArray().Single()!.GetValue<string>().ShouldBe("a.b");
        stored.Str("url").ShouldBe(Receiver.Url("/a"));
    }

    [Fact]
    public async Task TestSend_ReachesTheReceiver_AndItsDeliveryAndAttemptsShow()
    {
        var id = (await Host.Admin.CreateEndpointAsync(_app, new { url = Receiver.Url("/test-me") })).Str("id");
        await Page.GotoAsync($"/admin/endpoints/{id}?app=acme");
        await Assertions.Expect(Page.GetByText("Nothing was delivered to this endpoint yet")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test event sent");
        await EventuallyAsync(() => Task.FromResult(Receiver.At("/test-me").Count == 1), "the test event to arrive");
        Receiver.At("/test-me")[0].Body.ShouldContain("hookline.test");
        await EventuallyAsync(async () =>
        {
            await Page.ReloadAsync();
            return await Page.Locator("table .badge", new() { HasText = "succeeded" }).CountAsync() == 1;
        }, "the delivery to show as succeeded");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Attempts" }).ClickAsync();

        var attempts = Page.Locator("table.attempts tbody tr");
        await Assertions.Expect(attempts).ToHaveCountAsync(1);
        await Assertions.Expect(attempts.First.Locator("td").Nth(2)).ToHaveTextAsync("200");
        await Assertions.Expect(attempts.First.Locator("td").Nth(3)).ToContainTextAsync("ms");
        await Assertions.Expect(attempts.First.Locator("td").Nth(5)).ToHaveTextAsync("scheduled");
    }

    [Fact]
    public async Task Secret_RevealedAfterConfirming_IsTheApisSecret_AndRotationMakesANewOne()
    {
        var id = (await Host.Admin.CreateEndpointAsync(_app, new { url = Receiver.Url("/s") })).Str("id");
        var secret = (await GetAsync($"/api/v1/apps/{_app}/endpoints/{id}/secret")).Str("secret");
        await Page.GotoAsync($"/admin/endpoints/{id}?app=acme");
        (await Page.ContentAsync()).ShouldNotContain(secret);

        await Page.GetByLabel("Yes, show the secret on this screen").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reveal secret" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("secret")).ToHaveTextAsync(secret);

        await Page.GetByLabel("Yes, make a new secret").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        var rotated = await Page.GetByTestId("secret").TextContentAsync();
        rotated.ShouldStartWith("whsec_");
        rotated.ShouldNotBe(secret);
        (await GetAsync($"/api/v1/apps/{_app}/endpoints/{id}/secret")).Str("secret").ShouldBe(rotated);
    }

    [Fact]
    public async Task Endpoints_ManyOfThem_ArePaged()
    {
        for (var i = 0; i < 51; i++)
        {
            await Host.Admin.CreateEndpointAsync(_app, new { url = $"https://example.com/e{i}" });
        }
        await Page.GotoAsync("/admin/endpoints?app=acme");
        (await Page.Locator("tbody tr").CountAsync()).ShouldBe(50);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Next page (older) →" }).ClickAsync();

        (await Page.Locator("tbody tr").CountAsync()).ShouldBe(1);
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "https://example.com/e0" })).ToBeVisibleAsync();
    }

}
