using Dapper;
using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Hookline.Testing.Processes;
using Microsoft.Playwright;
using Npgsql;

namespace Hookline.Admin.Tests;

/// <summary>Two server processes on one PostgreSQL database: a session opened on one node is a session on the other.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SharedSessionTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly List<ServerProcess> _nodes = [];
    private PostgresServer _postgres = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _database = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task SessionCookie_IssuedByOneNode_IsHonouredByAnother_AndItsFormsAcceptTheToken()
    {
        var dataRoot = Directory.CreateTempSubdirectory("hookline-sessions-").FullName;
        // Started together, so both may look for the first session key at once.
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ServerProcess.StartAsync($"session-node-{i}", Settings(i, dataRoot), TimeSpan.FromSeconds(90)))));
        var (a, b) = (_nodes[0].BaseAddress.ToString().TrimEnd('/'), _nodes[1].BaseAddress.ToString().TrimEnd('/'));
        await using var context = await browser.Browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync(a + "/admin");
        await page.GetByLabel("API key").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();

        // Cookies are per host, not per port: the browser presents node A's cookies to node B.
        var answer = await page.GotoAsync(b + "/admin/apps");
        answer!.Status.ShouldBe(200);
        page.Url.ShouldStartWith(b + "/admin/apps");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Made on B");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create app" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("App Made on B created.");

        await page.GotoAsync(a + "/admin/apps");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Made on B" })).ToBeVisibleAsync();

        await using var connection = new NpgsqlConnection(_database);
        var keys = (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        keys.Count.ShouldBe(1, "both nodes use the one key the first of them made");
        keys[0].ShouldContain("hooklineProtected");
        keys[0].ShouldNotContain("masterKey", Case.Insensitive, "the key's secret is stored encrypted");
        Directory.EnumerateFiles(dataRoot, "*.xml", SearchOption.AllDirectories).ShouldBeEmpty("no node keeps its keys on its own disk");
    }

    private Dictionary<string, string?> Settings(int index, string dataRoot) => new()
    {
        ["Hookline:Storage"] = "postgres",
        ["Hookline:ConnectionString"] = _database,
        ["Hookline:NodeId"] = $"session-node-{index}",
        ["Hookline:EncryptionKey"] = EncryptionKey,
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:DataDirectory"] = Path.Combine(dataRoot, $"node-{index}"),
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
