using Hookline.Core.Deliveries;
using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>Circuits and failing streaks kept in the store: nodes hold back and probe as one, restarts keep the streak.</summary>
public sealed class SharedCircuitEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    private static void ThreeFailuresOpenFor30s(DeliveryEngineOptions o) =>
        o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 3, BreakDuration = TimeSpan.FromSeconds(30) };

    private static async Task ClaimPassAsync(EngineNode node)
    {
        var before = node.Engine.ClaimPasses;
        node.Engine.Wake();
        await EngineHarness.Eventually(() => node.Engine.ClaimPasses > before, because: "the node made no claim pass");
    }

    [Fact]
    public async Task ACircuitOpenedOnOneNode_HoldsTheOtherBack_AndOnlyOneNodeProbes()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [3600] } });
        h.Receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        await using var a = h.StartNode("node-a", ThreeFailuresOpenFor30s);
        var failed = new List<Delivery>();
        for (var i = 0; i < 3; i++)
        {
            failed.AddRange(await h.PublishAsync());
        }
        await EngineHarness.Eventually(async () => (await Task.WhenAll(failed.Select(d => h.GetAsync(d.Id)))).All(d => d.Status == DeliveryStatus.Failed), Quick);
        var stored = (await h.Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id];
        stored.State.ShouldBe(CircuitState.Open);
        stored.NextProbeAt!.Value.ShouldBe(clock.GetUtcNow().AddSeconds(30), TimeSpan.FromMilliseconds(5));

        // node-b has never sent to the endpoint; it still holds its work back.
        await using var b = h.StartNode("node-b", ThreeFailuresOpenFor30s);
        var waiting = new List<Delivery>();
        for (var i = 0; i < 4; i++)
        {
            waiting.AddRange(await h.PublishAsync());
        }
        for (var i = 0; i < 3; i++)
        {
            await ClaimPassAsync(a);
            await ClaimPassAsync(b);
        }
        h.Receiver.At("/down").Count.ShouldBe(3);
        (await Task.WhenAll(waiting.Select(d => h.GetAsync(d.Id)))).ShouldAllBe(d => d.AttemptCount == 0);
        b.Engine.Find(endpoint.Id).ShouldNotBeNull().State.ShouldBe(CircuitState.Open);

        // Break over: one probe for the cluster; it fails and the circuit reopens for both.
        clock.Advance(TimeSpan.FromSeconds(30));
        await ClaimPassAsync(a);
        await ClaimPassAsync(b);
        await EngineHarness.Eventually(async () =>
            (await h.Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id] is { State: CircuitState.Open } c && c.NextProbeAt > clock.GetUtcNow().AddSeconds(59),
            Quick, "the probe did not reopen the circuit");
        for (var i = 0; i < 3; i++)
        {
            await ClaimPassAsync(a);
            await ClaimPassAsync(b);
        }
        h.Receiver.At("/down").Count.ShouldBe(4);
    }

    [Fact]
    public async Task AFailingStreak_SurvivesARestart_AndDisablesTheEndpointOnTime()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        // The first delivery's retry falls after the restart's attempt: the one attempt after the restart is the new delivery's.
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [7200] } });
        h.Receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        static void DisableAfterAnHour(DeliveryEngineOptions o) => o.AutoDisableAfter = TimeSpan.FromHours(1);
        var first = h.StartNode("node-a", DisableAfterAnHour);
        var before = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(before.Id)).Status == DeliveryStatus.Failed, Quick);
        await first.DisposeAsync();

        clock.Advance(TimeSpan.FromMinutes(61));
        await using var restarted = h.StartNode("node-a", DisableAfterAnHour);
        var after = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(after.Id)).Status == DeliveryStatus.Failed, Quick);

        await EngineHarness.Eventually(async () => (await h.Store.Endpoints.FindAsync(endpoint.Id))!.Disabled, Quick, "the endpoint was not disabled");
        (await h.Store.Endpoints.FindAsync(endpoint.Id))!.DisabledReason.ShouldNotBeNull().ShouldStartWith("failing since");
    }

    [Fact]
    public async Task ASuccess_EndsTheStoredStreak()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/flaky", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [1] } });
        h.Receiver.Handler = (ctx, call) =>
        {
            ctx.Response.StatusCode = call == 1 ? 500 : 200;
            return Task.CompletedTask;
        };
        h.Start();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);
        (await h.Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id].FailingSince.ShouldNotBeNull();

        clock.Advance(TimeSpan.FromSeconds(1));
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        await EngineHarness.Eventually(async () => (await h.Store.Circuits.ReadAsync([endpoint.Id]))[endpoint.Id].FailingSince is null, Quick);
    }
}
