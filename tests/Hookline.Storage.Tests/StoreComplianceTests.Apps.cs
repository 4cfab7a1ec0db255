using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Ids;
using Hookline.Core.Paging;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task CreateApp_ThenGet_FindsItByIdAndByUid()
    {
        var app = await NewAppAsync(uid: "acme-prod");

        var byId = await Store.Apps.GetAsync(app.Id);
        var byUid = await Store.Apps.GetAsync("acme-prod");

        byId.ShouldNotBeNull();
        byId.Name.ShouldBe("Acme");
        byId.Uid.ShouldBe("acme-prod");
        byId.Metadata["team"].ShouldBe("billing");
        byId.CreatedAt.ShouldBe(Start);
        byUid.ShouldNotBeNull().Id.ShouldBe(app.Id);
    }

    [Fact]
    public async Task GetApp_Unknown_ReturnsNull() =>
        (await Store.Apps.GetAsync("app_missing")).ShouldBeNull();

    [Fact]
    public async Task CreateApp_WithTakenUid_ThrowsConflict()
    {
        await NewAppAsync(uid: "acme");

        await Should.ThrowAsync<ConflictException>(() => NewAppAsync(uid: "acme"));
    }

    [Fact]
    public async Task CreateApp_WithoutUid_AllowsManyApps()
    {
        await NewAppAsync();
        await NewAppAsync();

        (await Store.Apps.ListAsync(new PageRequest())).Data.Count.ShouldBe(2);
    }

    [Fact]
    public async Task UpdateApp_SavesNameUidAndMetadata()
    {
        var app = await NewAppAsync(uid: "old");

        await Store.Apps.UpdateAsync(app with { Name = "Renamed", Uid = "new", Metadata = new Dictionary<string, string> { ["tier"] = "gold" }, UpdatedAt = Start.AddHours(1) });

        var saved = (await Store.Apps.GetAsync("new")).ShouldNotBeNull();
        saved.Name.ShouldBe("Renamed");
        saved.Metadata.ShouldContainKeyAndValue("tier", "gold");
        saved.Metadata.ShouldNotContainKey("team");
        saved.UpdatedAt.ShouldBe(Start.AddHours(1));
        (await Store.Apps.GetAsync("old")).ShouldBeNull();
    }

    [Fact]
    public async Task UpdateApp_ToTakenUid_ThrowsConflict()
    {
        await NewAppAsync(uid: "taken");
        var other = await NewAppAsync(uid: "mine");

        await Should.ThrowAsync<ConflictException>(() => Store.Apps.UpdateAsync(other with { Uid = "taken" }));
        (await Store.Apps.GetAsync(other.Id)).ShouldNotBeNull().Uid.ShouldBe("mine");
    }

    [Fact]
    public async Task ListApps_PagesNewestFirst_WithIteratorAndDone()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await NewAppAsync(name: $"app {i}")).Id);
        }
        ids.Reverse();

        var first = await Store.Apps.ListAsync(new PageRequest(2));
        var second = await Store.Apps.ListAsync(new PageRequest(2, first.Iterator));
        var last = await Store.Apps.ListAsync(new PageRequest(2, second.Iterator));

        first.Data.Select(a => a.Id).ShouldBe(ids[..2]);
        first.Done.ShouldBeFalse();
        first.Iterator.ShouldBe(ids[1]);
        second.Data.Select(a => a.Id).ShouldBe(ids[2..4]);
        second.Done.ShouldBeFalse();
        last.Data.Select(a => a.Id).ShouldBe(ids[4..]);
        last.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task DeleteApp_RemovesEverythingItOwns_AndNothingElse()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Succeeded);
        await Store.ApiKeys.CreateAsync(NewKey(app.Id));
        var other = await NewAppAsync();
        var otherEndpoint = await NewEndpointAsync(other.Id);
        var otherDelivery = await PublishOneAsync(other.Id);
        var otherKey = NewKey(other.Id);
        await Store.ApiKeys.CreateAsync(otherKey);

        (await Store.Apps.DeleteAsync(app.Id)).ShouldBeTrue();

        (await Store.Apps.GetAsync(app.Id)).ShouldBeNull();
        (await Store.Endpoints.FindAsync(endpoint.Id)).ShouldBeNull();
        (await Store.Endpoints.GetSecretsAsync(endpoint.Id)).ShouldBeEmpty();
        (await Store.Messages.GetAsync(app.Id, delivery.MessageId)).ShouldBeNull();
        (await Store.Deliveries.GetAsync(app.Id, delivery.Id)).ShouldBeNull();
        (await Store.Deliveries.ListAttemptsAsync(delivery.Id)).ShouldBeEmpty();
        (await Store.ApiKeys.ListAsync(app.Id)).ShouldBeEmpty();

        (await Store.Endpoints.FindAsync(otherEndpoint.Id)).ShouldNotBeNull();
        (await Store.Endpoints.GetSecretsAsync(otherEndpoint.Id)).ShouldHaveSingleItem();
        (await Store.Deliveries.GetAsync(other.Id, otherDelivery.Id)).ShouldNotBeNull();
        (await Store.ApiKeys.ListAsync(other.Id)).ShouldHaveSingleItem().Id.ShouldBe(otherKey.Id);
    }

    [Fact]
    public async Task DeleteApp_Unknown_ReturnsFalse() =>
        (await Store.Apps.DeleteAsync("app_missing")).ShouldBeFalse();

    [Fact]
    public async Task DeleteApp_LeavesNothingInItsTables()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await FinishAsync(await PublishOneAsync(app.Id), DeliveryStatus.Failed, Now.AddMinutes(5));
        await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddMinutes(1), Now);

        await Store.Apps.DeleteAsync(app.Id);

        await using var raw = await OpenRawAsync();
        foreach (var table in new[] { "apps", "endpoints", "endpoint_secrets", "messages", "deliveries", "attempts", "api_keys", "endpoint_leases" })
        {
            (await raw.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")).ShouldBe(0, table);
        }
    }

    protected ApiKey NewKey(string? appId, string name = "ci") => new()
    {
        Id = IdGenerator.New(IdPrefix.ApiKey),
        Name = name,
        AppId = appId,
        KeyHash = ApiKeys.Hash(ApiKeys.Generate()),
        Hint = "hk_abcd",
        CreatedAt = Now,
    };
}
