using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Client;

/// <summary>Templates with their versions, test renders and rollback, through the SDK against a real server.</summary>
public sealed class TemplatesClientTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private HooklineClient Client => _server.Client;

    [Fact]
    public async Task Template_Versions_Test_AndRollback_RoundTrip()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("templates"));
        var created = await Client.Templates.CreateAsync(app.Id, new TemplateOptions
        {
            Name = "slack",
            EventTypes = ["invoice.paid"],
            Body = new { text = "Paid {{ data.amount }}" },
        });
        created.Id.ShouldStartWith("tpl_");
        created.Version.ShouldBe(1);

        var rendered = await Client.Templates.TestAsync(app.Id, "slack", "invoice.paid", new { amount = 12 });
        rendered.Body.ShouldContain("Paid 12");
        rendered.ContentType.ShouldContain("json");

        var changed = await Client.Templates.UpdateAsync(app.Id, created.Id, new TemplateOptions { Body = new { text = "Received {{ data.amount }}" } });
        changed.Version.ShouldBe(2);
        (await Client.Templates.TestAsync(app.Id, created.Id, "invoice.paid", new { amount = 5 })).Body.ShouldContain("Received 5");

        var rolledBack = await Client.Templates.RollbackAsync(app.Id, created.Id, 1);
        rolledBack.Version.ShouldBe(3);
        (await Client.Templates.TestAsync(app.Id, created.Id, "invoice.paid", new { amount = 7 })).Body.ShouldContain("Paid 7");

        var versions = await InboundClientTests.ToListAsync(Client.Templates.ListVersionsAsync(app.Id, created.Id));
        versions.Select(v => v.Version).ShouldBe([3, 2, 1]);
        versions[0].SourceVersion.ShouldBe(1);
        (await Client.Templates.GetVersionAsync(app.Id, created.Id, 2)).Body.GetProperty("text").GetString().ShouldBe("Received {{ data.amount }}");
        (await InboundClientTests.ToListAsync(Client.Templates.ListAsync(app.Id))).ShouldHaveSingleItem().Version.ShouldBe(3);

        await Client.Templates.DeleteAsync(app.Id, created.Id);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Templates.GetAsync(app.Id, created.Id));
    }

    [Fact]
    public async Task DraftTest_RendersLiquidText_AndASyntaxErrorIsAValidationException()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("drafts"));
        var rendered = await Client.Templates.TestDraftAsync(app.Id, "order.created", new { id = "o-1" }, "order {{ data.id }}", contentType: "text/plain");
        rendered.Body.ShouldBe("order o-1");
        rendered.ContentType.ShouldStartWith("text/plain");

        var broken = await Should.ThrowAsync<HooklineValidationException>(() =>
            Client.Templates.TestDraftAsync(app.Id, "order.created", new { id = "o-1" }, "order {{ data.id ", contentType: "text/plain"));
        broken.Errors.Keys.ShouldContain("body");
        (await InboundClientTests.ToListAsync(Client.Templates.ListAsync(app.Id))).ShouldBeEmpty("a draft is never stored");
    }
}
