using Hookline.Core.Deliveries;
using Hookline.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Hookline.Core.Tests.Engine;

/// <summary>
/// Rate and concurrency limits counted the way a receiver would judge them: every one-second window
/// of the recorded starts, and every moment of the requests in flight, also while the endpoint moves
/// from one node to another.
/// </summary>
public sealed class ExactLimitsEngineTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static async Task<List<DateTimeOffset>> StartsAsync(EngineHarness h, IEnumerable<Delivery> deliveries) =>
        [.. (await Task.WhenAll(deliveries.Select(d => h.AttemptsAsync(d.Id)))).SelectMany(a => a).Select(a => a.StartedAt).Order()];

    private static async Task<bool> AllSucceededAsync(EngineHarness h, IEnumerable<Delivery> deliveries) =>
        (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).All(d => d.Status == DeliveryStatus.Succeeded);

    [Fact]
    public async Task RateLimit_NoWindowOfRecordedStartsHoldsMoreThanTheRate_AndABacklogGoesOutAtTheRate()
    {
        const int Rate = 4;
        const int Count = 18;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/paced", e => e with { RateLimitPerSecond = Rate });
        h.Start();
        var deliveries = new List<Delivery>();
        for (var i = 0; i < Count; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }

        // The clock moves in tenths of a second while the engine works, so a start granted in one
        // step and written in a later one would show as drift.
        for (var step = 0; step < 80 && !await AllSucceededAsync(h, deliveries); step++)
        {
            await h.ClaimPassAsync();
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        (await AllSucceededAsync(h, deliveries)).ShouldBeTrue("the backlog should drain");
        var starts = await StartsAsync(h, deliveries);
        var span = starts[^1] - starts[0];
        var rate = StartWindows.Rate(starts);
        output.WriteLine($"{Count} starts at {Rate}/s on a fake clock: busiest window {StartWindows.Busiest(starts)}, {rate:F2}/s over {span.TotalSeconds:F1} s");
        StartWindows.Busiest(starts).ShouldBe(Rate, "every one-second window, the first included, holds at most the rate, and a waiting backlog fills it");
        rate.ShouldBeGreaterThanOrEqualTo(Rate * 0.9);
    }

    [Fact]
    public async Task RateAndConcurrencyLimits_HoldInEveryWindow_WhenTheOwnerStopsMidStream()
    {
        const int Rate = 10;
        const int Paced = 40;
        const int Busy = 60;
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/paced", e => e with { RateLimitPerSecond = Rate, EventTypes = ["paced"] });
        await h.AddEndpointAsync("/narrow", e => e with { MaxConcurrency = 2, EventTypes = ["busy"] });
        var current = 0;
        var peak = 0;
        h.Receiver.Handler = async (ctx, _) =>
        {
            if (ctx.Request.Path == "/narrow")
            {
                var now = Interlocked.Increment(ref current);
                for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
                {
                }
                await Task.Delay(40);
                Interlocked.Decrement(ref current);
            }
            ctx.Response.StatusCode = 200;
        };
        var first = h.StartNode("node-a");
        var paced = new List<Delivery>();
        var busy = new List<Delivery>();
        for (var i = 0; i < Paced; i++)
        {
            paced.AddRange(await h.PublishAsync("paced"));
        }
        for (var i = 0; i < Busy; i++)
        {
            busy.AddRange(await h.PublishAsync("busy"));
        }
        await EngineHarness.Eventually(() => h.Receiver.At("/paced").Count >= 12 && h.Receiver.At("/narrow").Count >= 10, Long, "node-a should be sending");

        // node-b is there before node-a goes, so it takes both endpoints over as soon as they are free.
        await using var second = h.StartNode("node-b");
        await first.DisposeAsync();
        await EngineHarness.Eventually(() => AllSucceededAsync(h, paced.Concat(busy)), Long, "node-b should finish what node-a left");

        var starts = await StartsAsync(h, paced);
        output.WriteLine($"hand-over mid-stream: busiest window {StartWindows.Busiest(starts)} of {Rate}/s, peak {Volatile.Read(ref peak)} in flight of 2");
        StartWindows.Busiest(starts).ShouldBeLessThanOrEqualTo(Rate);
        Volatile.Read(ref peak).ShouldBeInRange(1, 2);
    }
}
