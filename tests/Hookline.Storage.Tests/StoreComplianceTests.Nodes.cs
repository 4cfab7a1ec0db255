using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Settings_FirstValueStands_ForEveryNodeThatAsksAfter()
    {
        (await Store.Settings.GetAsync("key_check")).ShouldBeNull();
        (await Store.Settings.GetOrAddAsync("key_check", "first", Now)).ShouldBe("first");
        (await Store.Settings.GetOrAddAsync("key_check", "second", Now)).ShouldBe("first");
        (await Store.Settings.GetAsync("key_check")).ShouldBe("first");
    }

    [Fact]
    public async Task Heartbeat_RegistersANewNode_ThenKnowsIt()
    {
        (await Store.Nodes.BeatAsync("node-x", Now)).ShouldBeFalse();
        (await Store.Nodes.BeatAsync("node-x", Now.AddSeconds(2))).ShouldBeTrue();

        var node = (await Store.Nodes.ListAsync()).ShouldHaveSingleItem();
        node.NodeId.ShouldBe("node-x");
        node.HeartbeatAt.ToUnixTimeMilliseconds().ShouldBe(Now.AddSeconds(2).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task TakeOverDead_FreesTheSilentNodesDeliveriesAndEndpoints_AndLeavesTheLiveOnes()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        for (var i = 0; i < 4; i++)
        {
            await PublishOneAsync(app.Id);
        }
        await Store.Nodes.BeatAsync("dead", Now.AddSeconds(-30));
        await Store.Nodes.BeatAsync("alive", Now);
        var byDead = await ClaimAsync("dead", limit: 2, lease: TimeSpan.FromMinutes(5));
        var byAlive = await ClaimAsync("alive", limit: 2, lease: TimeSpan.FromMinutes(5));
        byDead.Count.ShouldBe(2);
        byAlive.Count.ShouldBe(2);
        await Store.Queue.HoldEndpointsAsync("dead", [endpoint.Id], Now.AddSeconds(30), Now);

        var takeover = await Store.Nodes.TakeOverDeadAsync(Now.AddSeconds(-10), Now);

        takeover.DeadNodes.ShouldBe(["dead"]);
        takeover.Deliveries.ShouldBe(2);
        var again = await ClaimAsync("alive", lease: TimeSpan.FromMinutes(5));
        again.Select(l => l.Delivery.Id).Order().ShouldBe(byDead.Select(l => l.Delivery.Id).Order());
        (await Store.Queue.HoldEndpointsAsync("alive", [endpoint.Id], Now.AddSeconds(30), Now)).ShouldContain(endpoint.Id);
        (await Store.Nodes.ListAsync()).Select(n => n.NodeId).ShouldBe(["alive"]);
        (await Store.Nodes.TakeOverDeadAsync(Now.AddSeconds(-10), Now)).ShouldBe(NodeTakeover.None);
    }

    [Fact]
    public async Task RateQuiet_IsReadBackUntilItPasses()
    {
        await Store.Queue.RecordRateQuietAsync(new Dictionary<string, DateTimeOffset> { ["ep_a"] = Now.AddMilliseconds(700), ["ep_b"] = Now.AddSeconds(-1) });

        var quiet = await Store.Queue.ReadRateQuietAsync(["ep_a", "ep_b", "ep_c"], Now);

        quiet.Keys.ShouldBe(["ep_a"]);
        quiet["ep_a"].ToUnixTimeMilliseconds().ShouldBe(Now.AddMilliseconds(700).ToUnixTimeMilliseconds());
        (await Store.Queue.ReadRateQuietAsync(["ep_a"], Now.AddSeconds(1))).ShouldBeEmpty();
    }
}
