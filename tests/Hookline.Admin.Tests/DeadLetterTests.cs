using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DeadLetterTests(BrowserFixture browser) : AdminUiTest(browser)
{
    private string _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _app = await CreateAppAsync("Acme", "acme");
        await SignInAsync(TestHost.AdminKey);
    }

    /// <summary>
    /// An endpoint that gives up after one attempt, and <paramref name="count"/> messages that die on it. Each
    /// such endpoint wants its own event type (test.&lt;path&gt;), so the others' messages don't reach it.
    /// </summary>
    private async Task<string> DeadOnAsync(string path, int count)
    {
        Receiver.Answers[path] = _ => 500;
        var eventType = "test." + path.Trim('/');
        var endpoint = (await Host.Admin.CreateEndpointAsync(_app,
            new { url = Receiver.Url(path), event_types = new[] { eventType }, retry_policy = new { schedule_seconds = Array.Empty<int>() } })).Str("id");
        for (var i = 0; i < count; i++)
        {
            await Host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new { event_type = eventType, payload = new { n = i } });
        }
        await EventuallyAsync(async () => (await GetAsync($"/api/v1/apps/{_app}/deliveries?status=dead&endpoint_id={endpoint}"))["data"]!.AsArray().Count == count,
            "the deliveries to go dead");
        Receiver.Answers[path] = _ => 200;
        return endpoint;
    }

    [Fact]
    public async Task DeadLetter_ReplayedFromThePage_IsDeliveredAgain()
    {
        var endpoint = await DeadOnAsync("/dies", 1);
        await Page.GotoAsync("/admin/dead-letters?app=acme");
        await Assertions.Expect(Page.Locator("tbody tr")).ToHaveCountAsync(1);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Replay delivery" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("replayed");
        await EventuallyAsync(() => Task.FromResult(Receiver.At("/dies").Count == 2), "the replayed delivery to arrive");
        await EventuallyAsync(async () => (await GetAsync($"/api/v1/apps/{_app}/deliveries?status=succeeded&endpoint_id={endpoint}"))["data"]!.AsArray().Count == 1,
            "the replayed delivery to succeed");
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByText("No dead letters.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DeadLetters_ReplayAll_OfOneEndpoint_LeavesTheOthersDead()
    {
        var first = await DeadOnAsync("/one", 2);
        var second = await DeadOnAsync("/two", 1);
        await Page.GotoAsync($"/admin/dead-letters?app=acme&endpoint_id={first}");
        await Assertions.Expect(Page.Locator("tbody tr")).ToHaveCountAsync(2);

        await Page.GetByLabel("Replay every dead letter of this endpoint").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Replay all" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 dead deliveries replayed.");
        await EventuallyAsync(() => Task.FromResult(Receiver.At("/one").Count >= 4), "both replays to arrive");
        Receiver.At("/one").Count.ShouldBe(4);
        (await GetAsync($"/api/v1/apps/{_app}/deliveries?status=dead&endpoint_id={second}"))["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Message_Detail_ShowsEveryFailedAttempt_WithErrorClassAndResponse()
    {
        await DeadOnAsync("/fails", 1);
        await Page.GotoAsync("/admin/messages?app=acme");
        await Page.Locator("tbody tr a").First.ClickAsync();

        var row = Page.Locator("table.attempts tbody tr").First;
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("500");
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("status");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Replay this delivery" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task MessageSearch_ByStatusAndById_FindsTheRightOnes()
    {
        await DeadOnAsync("/search", 1);
        var (_, ok) = await Host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new { event_type = "invoice.paid", payload = new { } });
        await Page.GotoAsync("/admin/messages?app=acme");

        await Page.GetByLabel("Delivery status").SelectOptionAsync("dead");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(Page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("tbody tr")).ToContainTextAsync("test.search");

        await Page.GotoAsync("/admin/messages?app=acme");
        await Page.GetByLabel("Message id").FillAsync(ok.Str("id"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ok.Str("id"));

        await Page.GotoAsync("/admin/messages?app=acme&event_type=invoice.paid");
        await Assertions.Expect(Page.Locator("tbody tr")).ToHaveCountAsync(1);
    }
}
