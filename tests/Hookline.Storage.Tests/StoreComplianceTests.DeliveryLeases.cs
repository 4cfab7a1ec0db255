using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task ExtendLease_ByTheOwner_KeepsTheDeliveryFromOtherClaimsUntilTheNewEnd()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id, Start);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(5))).ShouldHaveSingleItem();

        (await Store.Leases.ExtendAsync(Owner, delivery.Id, Now.AddSeconds(30))).ShouldBeTrue();

        (await Store.Queue.ClaimAsync(new ClaimRequest("node-b", Now.AddSeconds(29), Now.AddSeconds(90), 10))).ShouldBeEmpty();
        (await Store.Queue.ClaimAsync(new ClaimRequest("node-b", Now.AddSeconds(31), Now.AddSeconds(90), 10))).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ExtendLease_IsRefused_ToAnotherOwner_AndAfterARelease()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id, Start);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(5))).ShouldHaveSingleItem();

        (await Store.Leases.ExtendAsync("node-b", delivery.Id, Now.AddSeconds(30))).ShouldBeFalse();
        await Store.Queue.ReleaseAsync(Owner, [delivery.Id], Now, Now);
        (await Store.Leases.ExtendAsync(Owner, delivery.Id, Now.AddSeconds(30))).ShouldBeFalse();
    }

    [Fact]
    public async Task ExtendLease_NeverShortensALease()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id, Start);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(60))).ShouldHaveSingleItem();

        (await Store.Leases.ExtendAsync(Owner, delivery.Id, Now.AddSeconds(10))).ShouldBeTrue();

        (await Store.Queue.ClaimAsync(new ClaimRequest("node-b", Now.AddSeconds(30), Now.AddSeconds(90), 10))).ShouldBeEmpty();
    }
}
