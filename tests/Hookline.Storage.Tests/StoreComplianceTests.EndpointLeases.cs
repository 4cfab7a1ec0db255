using Dapper;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task HoldEndpoints_TakesAFreeEndpoint_AndRefusesItToAnotherOwnerUntilTheLeaseEnds()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddSeconds(30), Now)).ShouldBe([endpoint.Id]);
        (await Store.Queue.HoldEndpointsAsync("node-b", [endpoint.Id], Now.AddSeconds(40), Now.AddSeconds(10))).ShouldBeEmpty();
        (await Store.Queue.HoldEndpointsAsync("node-b", [endpoint.Id], Now.AddSeconds(60), Now.AddSeconds(30))).ShouldBe([endpoint.Id]);
        (await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddSeconds(70), Now.AddSeconds(31))).ShouldBeEmpty();
    }

    [Fact]
    public async Task HoldEndpoints_ByTheOwner_RenewsItsLease()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddSeconds(30), Now);

        (await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddSeconds(90), Now.AddSeconds(20))).ShouldBe([endpoint.Id]);

        (await Store.Queue.HoldEndpointsAsync("node-b", [endpoint.Id], Now.AddSeconds(100), Now.AddSeconds(60))).ShouldBeEmpty();
    }

    [Fact]
    public async Task HoldEndpoints_ReturnsOnlyTheOnesTheOwnerHolds()
    {
        var app = await NewAppAsync();
        var mine = await NewEndpointAsync(app.Id);
        var theirs = await NewEndpointAsync(app.Id);
        await Store.Queue.HoldEndpointsAsync("node-b", [theirs.Id], Now.AddSeconds(30), Now);

        var held = await Store.Queue.HoldEndpointsAsync("node-a", [mine.Id, theirs.Id], Now.AddSeconds(30), Now);

        held.ShouldBe([mine.Id]);
    }

    [Fact]
    public async Task Claim_LeavesOutEndpointsAnotherOwnerHolds_ButNotTheOwnersOwn()
    {
        var app = await NewAppAsync();
        var held = await NewEndpointAsync(app.Id);
        var otherApp = await NewAppAsync();
        var free = await NewEndpointAsync(otherApp.Id);
        var heldDelivery = await PublishOneAsync(app.Id, Start.AddMinutes(-2));
        var freeDelivery = await PublishOneAsync(otherApp.Id, Start.AddMinutes(-1));
        await Store.Queue.HoldEndpointsAsync("node-b", [held.Id], Now.AddSeconds(30), Now);

        (await ClaimAsync("node-a")).ShouldHaveSingleItem().Delivery.Id.ShouldBe(freeDelivery.Id);
        (await ClaimAsync("node-b")).ShouldHaveSingleItem().Delivery.Id.ShouldBe(heldDelivery.Id);
        free.Id.ShouldNotBe(held.Id);
    }

    [Fact]
    public async Task Claim_TakesAHeldEndpointsWork_OnceItsLeaseHasEnded()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id, Start.AddMinutes(-1));
        await Store.Queue.HoldEndpointsAsync("node-b", [endpoint.Id], Now, Now.AddSeconds(-30));

        (await ClaimAsync("node-a")).ShouldHaveSingleItem().Delivery.Id.ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task ReleaseEndpoints_AndReleaseOwner_FreeTheEndpointsForOthers()
    {
        var app = await NewAppAsync();
        var first = await NewEndpointAsync(app.Id);
        var second = await NewEndpointAsync(app.Id);
        await Store.Queue.HoldEndpointsAsync("node-a", [first.Id, second.Id], Now.AddMinutes(5), Now);

        await Store.Queue.ReleaseEndpointsAsync("node-b", [first.Id]);
        (await Store.Queue.HoldEndpointsAsync("node-b", [first.Id], Now.AddMinutes(5), Now)).ShouldBeEmpty();
        await Store.Queue.ReleaseEndpointsAsync("node-a", [first.Id]);
        (await Store.Queue.HoldEndpointsAsync("node-b", [first.Id], Now.AddMinutes(5), Now)).ShouldBe([first.Id]);

        await Store.Queue.ReleaseOwnerAsync("node-a", Now, Now);
        (await Store.Queue.HoldEndpointsAsync("node-b", [second.Id], Now.AddMinutes(5), Now)).ShouldBe([second.Id]);
    }

    [Fact]
    public async Task DeleteEndpoint_DropsItsLease()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], Now.AddMinutes(5), Now);

        await Store.Endpoints.DeleteAsync(app.Id, endpoint.Id, Now);

        await using var raw = await OpenRawAsync();
        (await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM endpoint_leases")).ShouldBe(0);
    }
}
