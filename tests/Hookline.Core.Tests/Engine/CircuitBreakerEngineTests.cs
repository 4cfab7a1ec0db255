using Hookline.Core.Deliveries;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

public sealed class CircuitBreakerEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static Task RespondAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void ThreeFailuresOpenFor30s(Core.Engine.DeliveryEngineOptions o) =>
        o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 3, BreakDuration = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ConsecutiveFailures_OpenTheCircuit_AndLaterDeliveriesWaitWithoutSpendingAttempts()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [3600] } });
        var status = 500;
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, status);
        h.Start(ThreeFailuresOpenFor30s);
        var failed = new List<Delivery>();
        for (var i = 0; i < 3; i++)
        {
            failed.AddRange(await h.PublishAsync());
        }
        await EngineHarness.Eventually(async () => (await Task.WhenAll(failed.Select(d => h.GetAsync(d.Id)))).All(d => d.Status == DeliveryStatus.Failed), Quick);
        var opened = h.Engine.Find(endpoint.Id).ShouldNotBeNull();
        opened.State.ShouldBe(CircuitState.Open);
        opened.NextProbeAt.ShouldBe(clock.GetUtcNow().AddSeconds(30));

        var waiting = (await h.PublishAsync()).Single();
        var second = (await h.PublishAsync()).Single();
        await h.ClaimPassAsync();
        await h.ClaimPassAsync();

        h.Receiver.At("/down").Count.ShouldBe(3);
        foreach (var d in new[] { waiting, second })
        {
            var held = await h.GetAsync(d.Id);
            held.AttemptCount.ShouldBe(0);
            held.Status.ShouldBe(DeliveryStatus.Pending);
        }

        // Break over: exactly one probe goes; it fails, so the circuit opens again for twice as long.
        clock.Advance(TimeSpan.FromSeconds(30));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => h.Engine.Find(endpoint.Id)!.NextProbeAt > clock.GetUtcNow().AddSeconds(59), Quick, "the probe did not fail");
        h.Receiver.At("/down").Count.ShouldBe(4);
        var reopened = h.Engine.Find(endpoint.Id)!;
        reopened.State.ShouldBe(CircuitState.Open);
        reopened.NextProbeAt.ShouldBe(clock.GetUtcNow().AddSeconds(60));
        reopened.OpenedAt.ShouldBe(opened.OpenedAt);

        // The endpoint recovers: the next probe succeeds and the circuit closes; new work flows at once.
        status = 200;
        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => h.Engine.Find(endpoint.Id)!.State == CircuitState.Closed, Quick, "the probe did not close the circuit");
        // The circuit closes on the probe's answer, a moment before the probe's outcome is committed.
        await EngineHarness.Eventually(async () => (await Task.WhenAll(new[] { waiting, second }.Select(d => h.GetAsync(d.Id)))).All(d => d.Status != DeliveryStatus.Sending), Quick);
        var probes = await Task.WhenAll(new[] { waiting, second }.Select(d => h.GetAsync(d.Id)));
        probes.Select(d => d.Status).Order().ShouldBe([DeliveryStatus.Succeeded, DeliveryStatus.Failed]);
        probes.ShouldAllBe(d => d.AttemptCount == 1);

        var after = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(after.Id)).Status == DeliveryStatus.Succeeded, Quick);
        h.Receiver.At("/down").Count.ShouldBe(6);
    }

    [Fact]
    public async Task ClientErrors_DoNotOpenTheCircuit()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/bad", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [3600] } });
        h.Receiver.Handler = (ctx, call) => RespondAsync(ctx, call % 2 == 0 ? 400 : 404);
        h.Start(ThreeFailuresOpenFor30s);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }

        await EngineHarness.Eventually(() => h.Receiver.At("/bad").Count == 5, Quick);
        h.Engine.Find(endpoint.Id)!.State.ShouldBe(CircuitState.Closed);
    }
}
