using Hookline.Core.Apps;
using Hookline.Core.Deliveries;
using Hookline.Core.Ids;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Templates;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    private Template NewTemplate(string appId, string name = "crm", string body = "\"{{ data.lead.id }}\"") => new()
    {
        Id = IdGenerator.New(IdPrefix.Template),
        AppId = appId,
        Name = name,
        Description = "lead sync",
        EventTypes = ["lead.created"],
        Version = 1,
        Content = new TemplateContent { Body = body, Headers = new Dictionary<string, string> { ["X-Lead"] = "{{ data.lead.id }}" }, ContentType = "text/plain" },
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    [Fact]
    public async Task CreateTemplate_ThenGet_FindsItByIdAndByName()
    {
        var app = await NewAppAsync();
        var template = NewTemplate(app.Id);
        await Store.Templates.CreateAsync(template);

        var byId = await Store.Templates.GetAsync(app.Id, template.Id);
        var byName = await Store.Templates.GetAsync(app.Id, "crm");

        byId.ShouldNotBeNull().Name.ShouldBe("crm");
        byId.Description.ShouldBe("lead sync");
        byId.EventTypes.ShouldBe(["lead.created"]);
        byId.Version.ShouldBe(1);
        byId.Content.Body.ShouldBe(template.Content.Body);
        byId.Content.Headers["X-Lead"].ShouldBe("{{ data.lead.id }}");
        byId.Content.ContentType.ShouldBe("text/plain");
        byId.CreatedAt.ShouldBe(Now);
        byName.ShouldNotBeNull().Id.ShouldBe(template.Id);
        (await Store.Templates.GetAsync("app_other", template.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateTemplate_WithTakenName_ThrowsConflict()
    {
        var app = await NewAppAsync();
        await Store.Templates.CreateAsync(NewTemplate(app.Id));

        await Should.ThrowAsync<ConflictException>(() => Store.Templates.CreateAsync(NewTemplate(app.Id)));
    }

    [Fact]
    public async Task AddVersion_KeepsEveryVersion_AndMovesTheCurrentOne()
    {
        var app = await NewAppAsync();
        var v1 = NewTemplate(app.Id);
        await Store.Templates.CreateAsync(v1);
        var v2 = v1 with { Version = 2, Content = v1.Content with { Body = "\"v2\"" }, UpdatedAt = Now.AddMinutes(1) };
        await Store.Templates.AddVersionAsync(v2, null);
        var v3 = v1 with { Version = 3, UpdatedAt = Now.AddMinutes(2) };
        await Store.Templates.AddVersionAsync(v3, sourceVersion: 1);

        var current = await Store.Templates.GetAsync(app.Id, v1.Id);
        current.ShouldNotBeNull().Version.ShouldBe(3);
        current.Content.Body.ShouldBe(v1.Content.Body);
        var versions = await Store.Templates.ListVersionsAsync(v1.Id, new PageRequest(2));
        versions.Data.Select(v => v.Version).ShouldBe([3, 2]);
        versions.Data[0].SourceVersion.ShouldBe(1);
        var rest = await Store.Templates.ListVersionsAsync(v1.Id, new PageRequest(2, versions.Iterator));
        rest.Data.ShouldHaveSingleItem().Version.ShouldBe(1);
        rest.Done.ShouldBeTrue();
        (await Store.Templates.GetVersionAsync(v1.Id, 2)).ShouldNotBeNull().Content.Body.ShouldBe("\"v2\"");
    }

    [Fact]
    public async Task AddVersion_RacingAnotherChange_ThrowsConflict()
    {
        var app = await NewAppAsync();
        var v1 = NewTemplate(app.Id);
        await Store.Templates.CreateAsync(v1);
        await Store.Templates.AddVersionAsync(v1 with { Version = 2 }, null);

        await Should.ThrowAsync<ConflictException>(() => Store.Templates.AddVersionAsync(v1 with { Version = 2, Description = "late" }, null));
        (await Store.Templates.ListVersionsAsync(v1.Id, new PageRequest())).Data.Count.ShouldBe(2);
    }

    [Fact]
    public async Task DeleteTemplate_RemovesItsVersions()
    {
        var app = await NewAppAsync();
        var template = NewTemplate(app.Id);
        await Store.Templates.CreateAsync(template);

        (await Store.Templates.DeleteAsync(app.Id, template.Id)).ShouldBeTrue();

        (await Store.Templates.GetAsync(app.Id, template.Id)).ShouldBeNull();
        (await Store.Templates.GetVersionAsync(template.Id, 1)).ShouldBeNull();
        (await Store.Templates.ListAsync(app.Id, new PageRequest())).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteApp_RemovesItsTemplates()
    {
        var app = await NewAppAsync();
        var template = NewTemplate(app.Id);
        await Store.Templates.CreateAsync(template);

        await Store.Apps.DeleteAsync(app.Id);

        (await Store.Templates.GetVersionAsync(template.Id, 1)).ShouldBeNull();
    }

    [Fact]
    public async Task SkippedDelivery_KeepsItsSkipReason()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var message = NewMessage(app.Id, Now);
        var result = await Store.Messages.PublishAsync(message, endpoints => ToEvery(message)(endpoints)
            .Select(d => d with { Status = DeliveryStatus.Skipped, SkipReason = SkipReasons.Filter }).ToList());

        var stored = await Store.Deliveries.GetAsync(app.Id, result.Deliveries.ShouldHaveSingleItem().Id);

        stored.ShouldNotBeNull().Status.ShouldBe(DeliveryStatus.Skipped);
        stored.SkipReason.ShouldBe(SkipReasons.Filter);
        (await ClaimAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListApps_ByEnvironment_KeepsOnlyThatEnvironment()
    {
        var prod = await NewAppAsync(name: "prod");
        await Store.Apps.UpdateAsync(prod with { Environment = AppEnvironments.Production });
        var staging = await NewAppAsync(name: "staging");
        await Store.Apps.UpdateAsync(staging with { Environment = AppEnvironments.Staging });
        await NewAppAsync(name: "none");

        var page = await Store.Apps.ListAsync(new PageRequest(), environment: AppEnvironments.Production);

        page.Data.ShouldHaveSingleItem().Id.ShouldBe(prod.Id);
        page.Data[0].Environment.ShouldBe(AppEnvironments.Production);
        (await Store.Apps.ListAsync(new PageRequest())).Data.Count.ShouldBe(3);
    }
}
