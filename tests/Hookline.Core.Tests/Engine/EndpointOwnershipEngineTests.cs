using System.Text.Json;
using Hookline.Core.Deliveries;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>
/// Several engines (nodes) on one store: an endpoint with limits is sent to by one node at a time,
/// so its concurrency limit and ordering hold across the cluster, and its ownership moves on.
/// </summary>
public sealed class EndpointOwnershipEngineTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static int N(ReceivedRequest r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("n").GetInt32();

    private static void Max(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task ConcurrencyLimit_HoldsAcrossThreeNodes()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/limited", e => e with { MaxConcurrency = 2, EventTypes = ["limited"] });
        var current = 0;
        var peak = 0;
        h.Receiver.Handler = async (ctx, _) =>
        {
            if (ctx.Request.Path == "/limited")
            {
                Max(ref peak, Interlocked.Increment(ref current));
                await Task.Delay(15);
                Interlocked.Decrement(ref current);
            }
            ctx.Response.StatusCode = 200;
        };
        await using var a = h.StartNode("node-a");
        await using var b = h.StartNode("node-b");
        await using var c = h.StartNode("node-c");

        var deliveries = new List<Delivery>();
        for (var i = 0; i < 60; i++)
        {
            deliveries.AddRange(await h.PublishAsync("limited", $$"""{"n":{{i}}}"""));
        }

        await EngineHarness.Eventually(async () =>
        {
            var states = await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)));
            return states.All(d => d.Status == DeliveryStatus.Succeeded);
        }, Long, "not every delivery succeeded");
        peak.ShouldBeInRange(1, 2);
        h.Receiver.At("/limited").Select(N).Distinct().Count().ShouldBe(60);
    }

    [Fact]
    public async Task OrderedEndpoint_KeepsPublishOrder_AcrossTwoNodes()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/ordered", e => e with { Ordered = true });
        h.Receiver.Handler = async (ctx, _) =>
        {
            await Task.Delay(5);
            ctx.Response.StatusCode = 200;
        };
        await using var a = h.StartNode("node-a");
        await using var b = h.StartNode("node-b");

        for (var i = 0; i < 30; i++)
        {
            await h.PublishAsync(payload: $$"""{"n":{{i}}}""");
        }

        await EngineHarness.Eventually(() => h.Receiver.At("/ordered").Count >= 30, Long);
        h.Receiver.At("/ordered").Select(N).ShouldBe(Enumerable.Range(0, 30));
    }

    [Fact]
    public async Task Ownership_MovesToAnotherNode_WhenItsOwnerStops()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/moving", e => e with { MaxConcurrency = 1 });
        await using var a = h.StartNode("node-a");
        await h.PublishAsync(payload: """{"n":0}""");
        await EngineHarness.Eventually(() => h.Receiver.At("/moving").Count == 1, Long);

        // node-a still owns the endpoint (its lease runs 30 s); stopping gives it up at once.
        var now = h.Clock.GetUtcNow();
        (await h.Store.Queue.HoldEndpointsAsync("node-b", [endpoint.Id], now.AddSeconds(30), now)).ShouldBeEmpty();
        await a.StopAsync();
        await using var b = h.StartNode("node-b");
        await h.PublishAsync(payload: """{"n":1}""");

        await EngineHarness.Eventually(() => h.Receiver.At("/moving").Count == 2, TimeSpan.FromSeconds(10),
            "node-b did not take over the endpoint node-a gave up");
    }

    // A node that spins on work it may not take can starve the test's own continuations: the timeout turns that into a failure.
    [Fact(Timeout = 60_000)]
    public async Task WorkDueForAnEndpointAnotherNodeOwns_IsNotClaimedOverAndOver_AndIsTakenOnceTheLeaseLapses()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/owned", e => e with { MaxConcurrency = 2 });
        var now = clock.GetUtcNow();
        (await h.Store.Queue.HoldEndpointsAsync("node-a", [endpoint.Id], now.AddSeconds(30), now)).ShouldContain(endpoint.Id);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.AddRange(await h.PublishAsync(payload: $$"""{"n":{{i}}}"""));
        }

        await using var b = h.StartNode("node-b");
        await EngineHarness.Eventually(() => b.Engine.ClaimPasses >= 1, Long, "node-b made no claim pass");
        // The fake clock stands still, so nothing becomes due: a node that claimed again at once because
        // work is due (but not its own) would make hundreds of passes in this real-time window.
        var passes = b.Engine.ClaimPasses;
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        b.Engine.ClaimPasses.ShouldBeLessThanOrEqualTo(passes + 1);
        h.Receiver.At("/owned").ShouldBeEmpty();

        // node-a's lease lapses: node-b's next poll takes the endpoint and delivers everything.
        clock.Advance(TimeSpan.FromSeconds(31));
        await EngineHarness.Eventually(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).All(d => d.Status == DeliveryStatus.Succeeded);
        }, Long, "node-b did not deliver once node-a's lease lapsed");
        h.Receiver.At("/owned").Select(N).Order().ShouldBe(Enumerable.Range(0, 5));
    }
}
