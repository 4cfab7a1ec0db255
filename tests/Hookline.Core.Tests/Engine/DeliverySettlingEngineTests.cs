using Hookline.Core.Deliveries;
using Hookline.Core.Retry;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Hookline.Core.Tests.Engine;

/// <summary>Manual retries, deliveries whose endpoint is gone, and errors of the engine itself: each ends somewhere visible, never in a loop.</summary>
public sealed class DeliverySettlingEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(15);

    private static Task RespondAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ManualRetry_OfAFailedDelivery_IsOneExtraAttempt_AndTheScheduleGoesOn()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        // Three attempts in all: now, 0.02 s later, then 60 s later.
        await h.AddEndpointAsync("/flaky", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.02, 60] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 500);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.AttemptsAsync(delivery.Id)).Count == 2 && (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);

        (await h.Store.Deliveries.RequeueAsync(h.AppId, new RequeueFilter([DeliveryStatus.Failed], DeliveryId: delivery.Id), AttemptTriggers.Manual, h.Clock.GetUtcNow()))
            .ShouldBe(1);
        h.Engine.Wake();

        await EngineHarness.Eventually(async () => (await h.AttemptsAsync(delivery.Id)).Count == 3 && (await h.GetAsync(delivery.Id)).Status != DeliveryStatus.Sending
            && (await h.GetAsync(delivery.Id)).Status != DeliveryStatus.Pending, Quick);
        var after = await h.GetAsync(delivery.Id);
        after.Status.ShouldBe(DeliveryStatus.Failed, "a manual retry of a failed delivery does not end its schedule");
        after.NextAttemptAt.ShouldNotBeNull();
        // The schedule goes on where it was: the last retry, 60 s (±20 % jitter) after the manual attempt.
        after.NextAttemptAt.Value.ShouldBeGreaterThan(h.Clock.GetUtcNow() + TimeSpan.FromSeconds(40));
        (await h.AttemptsAsync(delivery.Id)).Select(a => a.Trigger).ShouldBe([AttemptTriggers.Scheduled, AttemptTriggers.Scheduled, AttemptTriggers.Manual]);
    }

    [Fact]
    public async Task ClaimedDelivery_WhoseEndpointIsGone_IsSettledSkipped()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/gone");
        var delivery = (await h.PublishAsync()).Single();
        (await h.Store.Endpoints.DeleteAsync(h.AppId, endpoint.Id, h.Clock.GetUtcNow())).ShouldBeTrue();
        // A requeue that does not know the endpoint is gone (the store level, below the API's check).
        (await h.Store.Deliveries.RequeueAsync(h.AppId, new RequeueFilter([DeliveryStatus.Skipped], DeliveryId: delivery.Id), AttemptTriggers.Manual, h.Clock.GetUtcNow()))
            .ShouldBe(1);

        h.Start();
        await h.ClaimPassAsync();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Skipped, Quick, "the delivery is settled, not leased again and again");
        var settled = await h.GetAsync(delivery.Id);
        settled.LastError.ShouldBe("endpoint deleted");
        (await h.Store.Queue.NextDueAsync()).ShouldBeNull("nothing is left to claim");
        h.Receiver.Requests.ShouldBeEmpty();
    }
}
