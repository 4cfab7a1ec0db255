using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>Auto-disable, rate limit, concurrency limit, ordering and failover, end to end through the engine.</summary>
public sealed class EndpointLimitsEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static Task RespondAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static int N(ReceivedRequest r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("n").GetInt32();

    [Fact]
    public async Task EndpointFailingLongerThanAutoDisableAfter_IsDisabled_AndResumesWhenEnabled()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [1800, 1800, 1800, 1800] } });
        var status = 500;
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, status);
        h.Start(o =>
        {
            o.AutoDisableAfter = TimeSpan.FromHours(1);
            o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 100 };
        });
        var firstFailure = clock.GetUtcNow();
        var delivery = (await h.PublishAsync()).Single();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await EngineHarness.Eventually(() => h.Receiver.To("/down").Count == attempt, Quick);
            await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).AttemptCount == attempt, Quick);
            if (attempt < 3)
            {
                (await h.Store.Endpoints.FindAsync(endpoint.Id))!.Disabled.ShouldBeFalse();
                clock.Advance(TimeSpan.FromSeconds(1800));
                h.Engine.Wake();
            }
        }

        await EngineHarness.Eventually(async () => (await h.Store.Endpoints.FindAsync(endpoint.Id))!.Disabled, Quick);
        var disabled = (await h.Store.Endpoints.FindAsync(endpoint.Id))!;
        disabled.DisabledReason.ShouldBe($"failing since {firstFailure:O}");

        // Held while disabled, sent again once an operator enables the endpoint.
        status = 200;
        clock.Advance(TimeSpan.FromSeconds(1800));
        await h.ClaimPassAsync();
        h.Receiver.To("/down").Count.ShouldBe(3);
        await h.Store.Endpoints.UpdateAsync(disabled with { Disabled = false, DisabledReason = null }, clock.GetUtcNow());
        await EngineHarness.Eventually(async () =>
        {
            h.Engine.Wake();
            return (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded;
        }, Quick);
    }

    [Fact]
    public async Task RateLimit_SendsTheRateInEachSecond_FromTheFirst_WithoutFailingAnything()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/limited", e => e with { RateLimitPerSecond = 2 });
        h.Start();
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 6; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }

        // Two in the first second and no more, however long the backlog; two more once it has passed.
        await EngineHarness.Eventually(() => h.Receiver.To("/limited").Count == 2, Quick);
        await h.ClaimPassAsync();
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await h.ClaimPassAsync();
        h.Receiver.To("/limited").Count.ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await EngineHarness.Eventually(() => h.Receiver.To("/limited").Count == 4, Quick);
        await h.ClaimPassAsync();
        h.Receiver.To("/limited").Count.ShouldBe(4);
        clock.Advance(TimeSpan.FromSeconds(1));
        await EngineHarness.Eventually(() => h.Receiver.To("/limited").Count == 6, Quick);

        await EngineHarness.Eventually(async () => (await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)))).All(d => d.Status == DeliveryStatus.Succeeded), Quick);
        foreach (var d in deliveries)
        {
            (await h.GetAsync(d.Id)).AttemptCount.ShouldBe(1);
        }
    }

    [Fact]
    public async Task MaxConcurrency_IsNeverExceeded_AndIsReached()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/narrow", e => e with { MaxConcurrency = 3 });
        var current = 0;
        var peak = 0;
        h.Receiver.Handler = async (ctx, _) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref current);
            ctx.Response.StatusCode = 200;
        };
        h.Start();
        for (var i = 0; i < 30; i++)
        {
            await h.PublishAsync();
        }

        await EngineHarness.Eventually(() => h.Receiver.To("/narrow").Count == 30, TimeSpan.FromSeconds(20));
        peak.ShouldBe(3);
    }

    [Fact]
    public async Task OrderedEndpoint_ReceivesInPublishOrder_OneAtATime_WithAFailingHeadHoldingTheLine()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/ordered", e => e with { Ordered = true, MaxConcurrency = 5, RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.3, 0.3, 0.3] } });
        var current = 0;
        var peak = 0;
        var headFailures = 0;
        h.Receiver.Handler = async (ctx, _) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref current));
            await Task.Delay(20);
            var n = N(h.Receiver.Received.Last(r => r.Path == "/ordered"));
            Interlocked.Decrement(ref current);
            ctx.Response.StatusCode = n == 0 && Interlocked.Increment(ref headFailures) <= 2 ? 500 : 200;
        };
        h.Start();
        for (var i = 0; i < 6; i++)
        {
            await h.PublishAsync(payload: $$"""{"n":{{i}}}""");
        }

        await EngineHarness.Eventually(() => h.Receiver.To("/ordered").Count == 8, Quick,
            "received " + string.Join(",", h.Receiver.To("/ordered").Select(N)));
        await Task.Delay(300);
        h.Receiver.To("/ordered").Select(N).ShouldBe([0, 0, 0, 1, 2, 3, 4, 5]);
        peak.ShouldBe(1);
    }

    [Fact]
    public async Task FailoverUrl_TakesOverAfterThePrimaryFailsTheConfiguredTimes_AndTheAttemptLogSaysWhere()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/primary", e => e with
        {
            FailoverUrl = h.Receiver.BaseUrl + "/backup",
            RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.05, 0.05, 0.05] },
        });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, ctx.Request.Path == "/primary" ? 503 : 200);
        h.Start(o => o.FailoverAfterAttempts = 2);
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        (await h.AttemptsAsync(delivery.Id)).Select(a => (a.Url, a.StatusCode)).ShouldBe([
            (endpoint.Url, (int?)503),
            (endpoint.Url, 503),
            (h.Receiver.BaseUrl + "/backup", 200),
        ]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref target, value, seen);
            if (prior == seen)
            {
                return;
            }
            seen = prior;
        }
    }
}
