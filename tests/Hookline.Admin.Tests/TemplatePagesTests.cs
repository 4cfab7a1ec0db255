using Hookline.Admin.Tests.Support;
using Hookline.Testing.Hosting;
using Microsoft.Playwright;

namespace Hookline.Admin.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TemplatePagesTests(BrowserFixture browser) : AdminUiTest(browser)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateAppAsync("Acme", "acme");
        await SignInAsync(TestHost.AdminKey);
    }

    [Fact]
    public async Task Template_WrittenEditedAndTested_RendersTheSamplePayload_AndKeepsEveryVersion()
    {
        await Page.GotoAsync("/admin/templates?app=acme");
        await Assertions.Expect(Page.Locator(".empty")).ToContainTextAsync("Write the first template");
        await Page.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("order-to-slack");
        await Page.GetByLabel("Body", new() { Exact = true }).FillAsync("""{"text": "Order {{ data.id }} paid"}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Template created (version 1).");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Edit template" }).ClickAsync();
        await Page.GetByLabel("Body is").SelectOptionAsync("text");
        await Page.GetByLabel("Body", new() { Exact = true }).FillAsync("Order {{ data.id }}: {{ data.amount | divided_by: 100 }} {{ data.currency }}");
        await Page.GetByLabel("Content type").FillAsync("text/plain");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Template saved as version 2.");
        await Assertions.Expect(Page.GetByTestId("template-version")).ToHaveTextAsync("2");

        await Page.GetByLabel("Event type").FillAsync("order.paid");
        await Page.GetByLabel("Sample payload (JSON)").FillAsync("""{"id": "ord_9", "amount": 12300, "currency": "EUR"}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Render" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("render-output")).ToHaveTextAsync("Order ord_9: 123 EUR");
        await Assertions.Expect(Page.GetByText("Content type: text/plain")).ToBeVisibleAsync();

        var stored = (await GetAsync("/api/v1/apps/acme/templates/order-to-slack"));
        stored["version"]!.GetValue<int>().ShouldBe(2);
        stored["content_type"]!.GetValue<string>().ShouldBe("text/plain");
        (await GetAsync("/api/v1/apps/acme/templates/order-to-slack/versions"))["data"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Template_RolledBack_MakesTheOldContentCurrent_AsANewVersion()
    {
        (await Host.Admin.PostAsync("/api/v1/apps/acme/templates", new { name = "greeting", body = "Hello {{ data.name }}" })).Status.ShouldBe(System.Net.HttpStatusCode.Created);
        (await Host.Admin.PatchAsync("/api/v1/apps/acme/templates/greeting", """{"body": "Bye {{ data.name }}"}""")).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        var id = (await GetAsync("/api/v1/apps/acme/templates/greeting")).Str("id");
        await Page.GotoAsync($"/admin/templates/{id}?app=acme");
        await Assertions.Expect(Page.GetByTestId("template-body")).ToHaveTextAsync("Bye {{ data.name }}");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Roll back to version 1" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Version 1 is current again, as version 3.");
        await Assertions.Expect(Page.GetByTestId("template-body")).ToHaveTextAsync("Hello {{ data.name }}");
        await Page.GetByLabel("Sample payload (JSON)").FillAsync("""{"name": "Ada"}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Render" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("render-output")).ToHaveTextAsync("Hello Ada");
    }

    [Fact]
    public async Task TemplateForm_WithLiquidThatDoesNotParse_SaysWhere_AndStoresNothing()
    {
        await Page.GotoAsync("/admin/templates/edit?app=acme");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("broken");
        await Page.GetByLabel("Body is").SelectOptionAsync("text");
        await Page.GetByLabel("Body", new() { Exact = true }).FillAsync("Hello {{ data.name ");
        var answer = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync(), r => r.Request.Method == "POST");

        answer.Status.ShouldBe(422);
        await Assertions.Expect(Page.Locator("#body ~ p.error")).ToContainTextAsync("line 1");
        (await GetAsync("/api/v1/apps/acme/templates"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task TemplateTest_WithAPayloadThatIsNotJson_IsRefusedBesideTheField()
    {
        (await Host.Admin.PostAsync("/api/v1/apps/acme/templates", new { name = "greeting", body = "Hello {{ data.name }}" })).Status.ShouldBe(System.Net.HttpStatusCode.Created);
        var id = (await GetAsync("/api/v1/apps/acme/templates/greeting")).Str("id");
        await Page.GotoAsync($"/admin/templates/{id}?app=acme");

        await Page.GetByLabel("Sample payload (JSON)").FillAsync("{not json");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Render" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#sample-payload ~ p.error")).ToContainTextAsync("not valid JSON");
        (await Page.GetByTestId("render-output").CountAsync()).ShouldBe(0);
    }
}
