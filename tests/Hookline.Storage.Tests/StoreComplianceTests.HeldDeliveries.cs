using Hookline.Core.Deliveries;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

/// <summary>A backlog held by an open circuit: out of every claim's reach but for one probe, and given back in batches.</summary>
public abstract partial class StoreComplianceTests
{
    private Task<IReadOnlyList<LeasedDelivery>> ClaimAtAsync(DateTimeOffset at, int limit = 100) =>
        Store.Queue.ClaimAsync(new ClaimRequest("node-b", at, at.AddMinutes(1), limit));

    [Fact]
    public async Task OpenCircuit_HoldsAllButOneProbe_SoClaimsUntilAndAtTheProbeSeeOnlyThatOne()
    {
        var app = await NewAppAsync();
        var broken = await NewEndpointAsync(app.Id);
        var backlog = new List<Delivery>();
        for (var i = 0; i < 6; i++)
        {
            backlog.Add(await PublishOneAsync(app.Id, Start.AddMinutes(-10 + i)));
        }

        await Store.Circuits.OpenAsync(broken.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);

        (await ClaimAtAsync(Now.AddSeconds(29))).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBe(Now.AddSeconds(30), "the probe is the next thing due; the held rest is not");
        var probe = (await ClaimAtAsync(Now.AddSeconds(30))).ShouldHaveSingleItem();
        (await ClaimAtAsync(Now.AddSeconds(89))).ShouldBeEmpty("held deliveries come due only when released");
        (await Store.Queue.HeldEndpointsAsync()).ShouldBe([broken.Id]);

        // The probe fails and the circuit opens again: one new probe, the rest stays held.
        await Store.Queue.CompleteAsync([Outcome(probe.Delivery.Id, DeliveryStatus.Failed, Now.AddHours(1), owner: "node-b")]);
        await Store.Circuits.OpenAsync(broken.Id, Now, Now.AddSeconds(90), TimeSpan.FromSeconds(60), Now);
        var second = (await ClaimAtAsync(Now.AddSeconds(90))).ShouldHaveSingleItem();
        second.Delivery.Id.ShouldNotBe(probe.Delivery.Id);
        (await GetDeliveryAsync(probe.Delivery)).Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Fact]
    public async Task QueueDepth_CountsParkedDeliveriesAsHeld_EvenOnceTheCircuitIsNoLongerOpen()
    {
        var app = await NewAppAsync();
        var broken = await NewEndpointAsync(app.Id);
        for (var i = 0; i < 4; i++)
        {
            await PublishOneAsync(app.Id, Start.AddMinutes(-10 + i));
        }
        await Store.Circuits.OpenAsync(broken.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);

        var whileOpen = await Store.Analytics.QueueDepthAsync(Now, [broken.Id]);
        (whileOpen.HeldByOpenCircuits, whileOpen.WaitingRetry, whileOpen.Due).ShouldBe((4L, 0L, 0L), "three parked and the probe");

        // Closed but not yet released: the three parked rows are still held, never "waiting for a retry".
        var unreleased = await Store.Analytics.QueueDepthAsync(Now, []);
        (unreleased.HeldByOpenCircuits, unreleased.WaitingRetry).ShouldBe((3L, 1L));
    }

    [Fact]
    public async Task HeldDeliveries_AreReleasedInBatches_OnceTheCircuitCloses()
    {
        var app = await NewAppAsync();
        var broken = await NewEndpointAsync(app.Id);
        var otherApp = await NewAppAsync();
        await NewEndpointAsync(otherApp.Id);
        for (var i = 0; i < 5; i++)
        {
            await PublishOneAsync(app.Id, Start.AddMinutes(-10 + i));
        }
        await Store.Circuits.OpenAsync(broken.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);
        (await ClaimAtAsync(Now.AddSeconds(30))).ShouldHaveSingleItem();
        var other = await PublishOneAsync(otherApp.Id);

        (await Store.Queue.ReleaseHeldAsync(broken.Id, Now, 3)).ShouldBe(3);
        var first = await ClaimAtAsync(Now);
        first.Count(l => l.Delivery.EndpointId == broken.Id).ShouldBe(3);
        first.ShouldContain(l => l.Delivery.Id == other.Id, "another endpoint's work was never held");
        (await Store.Queue.ReleaseHeldAsync(broken.Id, Now, 3)).ShouldBe(1, "fewer than a batch: the backlog is back");
        (await ClaimAtAsync(Now)).ShouldHaveSingleItem().Delivery.EndpointId.ShouldBe(broken.Id);
        (await Store.Queue.HeldEndpointsAsync()).ShouldBeEmpty();
    }
}
