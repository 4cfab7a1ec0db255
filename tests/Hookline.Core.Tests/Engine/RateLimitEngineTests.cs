using Hookline.Core.Channels;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Hookline.Core.Tests.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>A chat platform's 429 in the engine, with the clock in the test's hand: waited out to the millisecond, never a failure of the endpoint.</summary>
public sealed class RateLimitEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static Task DiscordAsync(HttpContext ctx, int call)
    {
        if (call == 1)
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "2";
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync("""{"message": "You are being rate limited.", "retry_after": 1.25, "global": false}""");
        }
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static ContentComposer Chat() => new(channels: [new DiscordRenderer(), new SlackRenderer(), new TeamsRenderer()]);

    [Fact]
    public async Task Discord429_IsRetriedExactlyAtItsRetryAfter_WithoutSpendingTheAttemptOrOpeningTheCircuitOrReporting()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/api/webhooks/1/t", e => e with { Kind = EndpointKinds.Discord, RetryPolicy = new RetryPolicy { MaxAttempts = 1 } });
        h.Receiver.Handler = DiscordAsync;
        var events = new RecordingOperationalEvents();
        h.Start(o => o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 1 }, events, Chat());

        var delivery = (await h.PublishAsync("badge_earned", """{"badge_name":"Task Master","user_name":"john_doe"}""")).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).AttemptCount == 1, Quick, "the first attempt should be recorded");
        var limited = await h.GetAsync(delivery.Id);
        limited.Status.ShouldBe(DeliveryStatus.Failed);
        limited.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddSeconds(1.25), "the body's 1.25 s, not the header's rounded 2 s");
        h.Engine.Find(endpoint.Id)!.State.ShouldBe(CircuitState.Closed);

        clock.Advance(TimeSpan.FromSeconds(1.24));
        await h.ClaimPassAsync();
        (await h.GetAsync(delivery.Id)).AttemptCount.ShouldBe(1, "not before the platform's time");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick, "the retry should succeed");

        var attempts = await h.AttemptsAsync(delivery.Id);
        attempts.Select(a => a.StatusCode).ShouldBe([429, 204], ignoreOrder: true);
        events.Events.ShouldBeEmpty("a rate limit waited out is neither a failing nor a recovered delivery");
    }

    [Fact]
    public async Task PlainWebhook429_StillCountsAsAFailedAttempt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/hooks", e => e with { RetryPolicy = new RetryPolicy { MaxAttempts = 1 } });
        h.Receiver.Handler = DiscordAsync;
        h.Start(content: Chat());

        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Dead, Quick, "a webhook's 429 spends its only attempt");
    }
}
