using Hookline.Core.Deliveries;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>A backlog behind an open circuit, with the clock in the test's hand: held without being claimed, probed one at a time, drained once closed.</summary>
public sealed class HeldBacklogEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BacklogBehindAnOpenCircuit_IsNotClaimedUntilTheProbe_OnlyTheProbeGoes_AndItAllDrainsOnceClosed()
    {
        const int Backlog = 40;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { MaxConcurrency = 1, RetryPolicy = new RetryPolicy { ScheduleSeconds = [3600] } });
        var status = 500;
        h.Receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        var deliveries = new List<Delivery>();
        for (var i = 0; i < Backlog; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }
        h.Start(o => o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(30) });
        await EngineHarness.Eventually(() => h.Engine.Find(endpoint.Id) is { State: CircuitState.Open }, Quick, "the first failure should open the circuit");
        await EngineHarness.Eventually(async () => (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).All(d => d.Status != DeliveryStatus.Sending), Quick);

        // Held: the claims of the whole break leave the backlog where it is.
        var passes = h.Engine.ClaimPasses;
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await h.ClaimPassAsync();
        }
        h.Engine.ClaimPasses.ShouldBeGreaterThan(passes);
        var sentBeforeProbe = h.Receiver.At("/down").Count;
        (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).Count(d => d.AttemptCount == 0).ShouldBe(Backlog - sentBeforeProbe);

        // The probe: exactly one request, and it fails, so the circuit opens again.
        clock.Advance(TimeSpan.FromSeconds(5));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => h.Receiver.At("/down").Count == sentBeforeProbe + 1, Quick, "one probe should go");
        await EngineHarness.Eventually(() => h.Engine.Find(endpoint.Id) is { State: CircuitState.Open }, Quick);
        await h.ClaimPassAsync();
        h.Receiver.At("/down").Count.ShouldBe(sentBeforeProbe + 1);

        // Recovered: the next probe closes the circuit and the held backlog drains, batch by batch.
        status = 200;
        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => h.Engine.Find(endpoint.Id) is { State: CircuitState.Closed }, Quick, "the probe should close the circuit");
        await EngineHarness.Eventually(async () =>
        {
            h.Engine.Wake();
            return (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).Count(d => d.Status == DeliveryStatus.Succeeded) == Backlog - sentBeforeProbe - 1;
        }, TimeSpan.FromSeconds(20), "the held backlog should drain once the circuit closed");
        (await h.Store.Queue.HeldEndpointsAsync()).ShouldBeEmpty();
    }
}
