using System.Net;
using System.Text.Json.Nodes;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests.Support;

/// <summary>A running server, a receiver and a fresh browser context per test class, with the steps the tests share.</summary>
public abstract class AdminUiTest(BrowserFixture browser) : IAsyncLifetime
{
    protected TestHost Host { get; private set; } = null!;
    protected HttpReceiver Receiver { get; private set; } = null!;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected string BaseUrl => Host.BaseAddress.ToString().TrimEnd('/');

    public virtual async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync();
        Receiver = await HttpReceiver.StartAsync();
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, TimezoneId = "Europe/Paris", ViewportSize = new() { Width = 1280, Height = 900 } });
        Context.SetDefaultTimeout(30_000);
        Page = await Context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Receiver.DisposeAsync();
        await Host.DisposeAsync();
    }

    protected async Task SignInAsync(string key, IPage? page = null)
    {
        page ??= Page;
        await page.GotoAsync("/admin");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
    }

    protected async Task<string> CreateAppAsync(string name, string uid) => (await Host.Admin.CreateAppAsync(name, uid)).Str("id");

    protected async Task<JsonNode> GetAsync(string path)
    {
        var (status, body) = await Host.Admin.GetJsonAsync(path);
        status.ShouldBe(HttpStatusCode.OK, path);
        return body!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the machine may be loaded, so the deadline is generous.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
            await Task.Delay(100);
        }
    }
}
