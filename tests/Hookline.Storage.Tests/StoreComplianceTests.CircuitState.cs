using Hookline.Core.Protection;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Circuit_WithoutARow_ReadsAsNothingStored()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Circuits.ReadAsync([endpoint.Id])).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenCircuit_IsReadBackWithItsProbeTime_AndKeepsItsFirstOpening()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        await Store.Circuits.OpenAsync(endpoint.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.OpenAsync(endpoint.Id, Now.AddSeconds(31), Now.AddSeconds(91), TimeSpan.FromSeconds(60), Now.AddSeconds(31));

        var stored = (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id];
        stored.State.ShouldBe(CircuitState.Open);
        stored.OpenedAt.ShouldBe(Now);
        stored.NextProbeAt.ShouldBe(Now.AddSeconds(91));
        stored.BreakDuration.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Probe_IsGivenToOneOwnerOnly_OnceTheBreakIsOver()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Circuits.OpenAsync(endpoint.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);

        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-a", Now.AddSeconds(29), Now.AddSeconds(60))).ShouldBeFalse();
        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-a", Now.AddSeconds(30), Now.AddSeconds(60))).ShouldBeTrue();
        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-b", Now.AddSeconds(31), Now.AddSeconds(61))).ShouldBeFalse();
        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-c", Now.AddSeconds(32), Now.AddSeconds(62))).ShouldBeFalse();

        var stored = (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id];
        stored.State.ShouldBe(CircuitState.HalfOpen);
        stored.ProbeOwner.ShouldBe("node-a");
    }

    [Fact]
    public async Task Probe_NotReportedInTime_CanBeTakenByAnother()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Circuits.OpenAsync(endpoint.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-a", Now.AddSeconds(30), Now.AddSeconds(60));

        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-b", Now.AddSeconds(60), Now.AddSeconds(90))).ShouldBeTrue();
        (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id].ProbeOwner.ShouldBe("node-b");
    }

    [Fact]
    public async Task ClosedCircuit_HasNoProbe_AndCannotBeProbed()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Circuits.OpenAsync(endpoint.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-a", Now.AddSeconds(30), Now.AddSeconds(60));

        await Store.Circuits.CloseAsync(endpoint.Id, Now.AddSeconds(31));

        var stored = (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id];
        stored.State.ShouldBe(CircuitState.Closed);
        stored.NextProbeAt.ShouldBeNull();
        stored.ProbeOwner.ShouldBeNull();
        (await Store.Circuits.TryStartProbeAsync(endpoint.Id, "node-b", Now.AddSeconds(90), Now.AddSeconds(120))).ShouldBeFalse();
    }

    [Fact]
    public async Task FailingStreak_KeepsItsStart_UntilASuccessClearsIt()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Circuits.RecordFailingAsync(endpoint.Id, Now)).ShouldBe(Now);
        (await Store.Circuits.RecordFailingAsync(endpoint.Id, Now.AddHours(1))).ShouldBe(Now);
        await Store.Circuits.OpenAsync(endpoint.Id, Now.AddHours(1), Now.AddHours(2), TimeSpan.FromHours(1), Now.AddHours(1));
        (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id].FailingSince.ShouldBe(Now);

        await Store.Circuits.ClearFailingAsync(endpoint.Id, Now.AddHours(2));

        (await Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id].FailingSince.ShouldBeNull();
        (await Store.Circuits.RecordFailingAsync(endpoint.Id, Now.AddHours(3))).ShouldBe(Now.AddHours(3));
    }

    [Fact]
    public async Task ForgetCircuit_RemovesStateAndStreak()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        await Store.Circuits.RecordFailingAsync(endpoint.Id, Now);
        await Store.Circuits.OpenAsync(endpoint.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);

        await Store.Circuits.ForgetAsync(endpoint.Id);

        (await Store.Circuits.ReadAsync([endpoint.Id])).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadNotClosed_ListsOpenAndHalfOpenCircuitsOnly()
    {
        var app = await NewAppAsync();
        var open = await NewEndpointAsync(app.Id);
        var probing = await NewEndpointAsync(app.Id);
        var closed = await NewEndpointAsync(app.Id);
        var failingOnly = await NewEndpointAsync(app.Id);
        await Store.Circuits.OpenAsync(open.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.OpenAsync(probing.Id, Now, Now, TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.TryStartProbeAsync(probing.Id, "node-a", Now, Now.AddSeconds(30));
        await Store.Circuits.OpenAsync(closed.Id, Now, Now, TimeSpan.FromSeconds(30), Now);
        await Store.Circuits.CloseAsync(closed.Id, Now);
        await Store.Circuits.RecordFailingAsync(failingOnly.Id, Now);

        var notClosed = await Store.Circuits.ReadNotClosedAsync();

        notClosed.Select(c => c.EndpointId).ShouldBe([open.Id, probing.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task OpenCircuit_ParksTheEndpointsDueWorkUntilTheProbe_AndLeavesOthersDue()
    {
        var app = await NewAppAsync();
        var broken = await NewEndpointAsync(app.Id);
        var otherApp = await NewAppAsync();
        await NewEndpointAsync(otherApp.Id);
        var held = await PublishOneAsync(app.Id, Start.AddMinutes(-2));
        var other = await PublishOneAsync(otherApp.Id, Start.AddMinutes(-1));

        await Store.Circuits.OpenAsync(broken.Id, Now, Now.AddSeconds(30), TimeSpan.FromSeconds(30), Now);

        (await ClaimAsync()).ShouldHaveSingleItem().Delivery.Id.ShouldBe(other.Id);
        (await Store.Queue.ClaimAsync(new Hookline.Core.Storage.ClaimRequest("node-b", Now.AddSeconds(29), Now.AddSeconds(90), 10))).ShouldBeEmpty();
        (await Store.Queue.ClaimAsync(new Hookline.Core.Storage.ClaimRequest("node-b", Now.AddSeconds(30), Now.AddSeconds(90), 10)))
            .ShouldHaveSingleItem().Delivery.Id.ShouldBe(held.Id);
    }
}
