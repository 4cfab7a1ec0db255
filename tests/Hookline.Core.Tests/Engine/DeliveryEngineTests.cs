using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Retry;
using Hookline.Core.Signing;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

public sealed class DeliveryEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static Task RespondAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Published_ArrivesOnce_Signed_WithTheDocumentedHeaders()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (a, secretA) = await h.AddEndpointAsync("/a");
        var (b, secretB) = await h.AddEndpointAsync("/b");
        h.Start();
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 20; i++)
        {
            deliveries.AddRange(await h.PublishAsync(payload: $$"""{"n":{{i}}}"""));
        }
        deliveries.Count.ShouldBe(40);

        await EngineHarness.Eventually(async () =>
        {
            foreach (var d in deliveries)
            {
                if ((await h.GetAsync(d.Id)).Status != DeliveryStatus.Succeeded)
                {
                    return false;
                }
            }
            return true;
        }, Quick);

        h.Receiver.Received.Count.ShouldBe(40);
        foreach (var (path, secret) in new[] { ("/a", secretA), ("/b", secretB) })
        {
            var received = h.Receiver.To(path);
            received.Select(r => r.Header("webhook-id")).Distinct().Count().ShouldBe(20);
            foreach (var request in received)
            {
                new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret).TryVerify(request.Header, request.Body).ShouldBeTrue();
                request.Header("X-Webhook-Event").ShouldBe("user.created");
                request.Header("X-Webhook-Delivery-Id")!.ShouldStartWith("dlv_");
                request.Header("X-Webhook-Attempt").ShouldBe("1");
                request.Header("user-agent")!.ShouldStartWith("Hookline/");
                request.Header("content-type").ShouldBe("application/json");
                request.Method.ShouldBe("POST");
            }
        }
        var first = deliveries.First(d => d.EndpointId == a.Id);
        var attempt = (await h.AttemptsAsync(first.Id)).ShouldHaveSingleItem();
        attempt.StatusCode.ShouldBe(200);
        attempt.AttemptNumber.ShouldBe(1);
        h.Receiver.To("/a").Single(r => r.Header("webhook-id") == first.MessageId).Header("X-Webhook-Delivery-Id").ShouldBe(first.Id);
        attempt.Id.ShouldStartWith("att_");
        b.Id.ShouldNotBe(a.Id);
    }

    [Fact]
    public async Task FailingTwiceThenOk_Succeeds_AfterThreeAttempts()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/flaky", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.05, 0.05] } });
        h.Receiver.Handler = (ctx, call) => RespondAsync(ctx, call <= 2 ? 500 : 200);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        var final = await h.GetAsync(delivery.Id);
        final.AttemptCount.ShouldBe(3);
        (await h.AttemptsAsync(delivery.Id)).Select(a => a.StatusCode).ShouldBe([500, 500, 200]);
        var received = h.Receiver.To("/flaky");
        received.Count.ShouldBe(3);
        received.Select(r => r.Header("webhook-id")).Distinct().ShouldHaveSingleItem().ShouldBe(delivery.MessageId);
        received.Select(r => r.Header("X-Webhook-Delivery-Id")).Distinct().ShouldHaveSingleItem().ShouldBe(delivery.Id);
        received.Select(r => r.Header("X-Webhook-Attempt")).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task Retry_WaitsForTheScheduleOnTheClock_AndChangesTimestampButNotId()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/sched", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [10, 20] } });
        h.Receiver.Handler = (ctx, call) => RespondAsync(ctx, call == 1 ? 500 : 200);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);
        (await h.GetAsync(delivery.Id)).NextAttemptAt!.Value.ShouldBe(clock.GetUtcNow().AddSeconds(10), TimeSpan.FromMilliseconds(5));

        clock.Advance(TimeSpan.FromSeconds(9.5));
        await h.ClaimPassAsync();
        h.Receiver.To("/sched").Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(1));
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        var received = h.Receiver.To("/sched");
        received.Count.ShouldBe(2);
        received[0].Header("webhook-id").ShouldBe(received[1].Header("webhook-id"));
        received[0].Header("X-Webhook-Delivery-Id").ShouldBe(received[1].Header("X-Webhook-Delivery-Id"));
        received.Select(r => r.Header("X-Webhook-Attempt")).ShouldBe(["1", "2"]);
        var stamps = received.Select(r => long.Parse(r.Header("webhook-timestamp")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        (stamps[1] - stamps[0]).ShouldBeInRange(10, 11);
    }

    [Fact]
    public async Task AlwaysFailing_IsDead_AfterExactlyMaxAttempts()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/down", e => e with
        {
            RetryPolicy = new RetryPolicy { MaxAttempts = 4, InitialDelaySeconds = 0.02, BackoffMultiplier = 1 },
        });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 500);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Dead, Quick);
        await h.ClaimPassAsync();

        (await h.GetAsync(delivery.Id)).AttemptCount.ShouldBe(4);
        (await h.AttemptsAsync(delivery.Id)).Count.ShouldBe(4);
        h.Receiver.To("/down").Count.ShouldBe(4);
    }

    [Fact]
    public async Task RetryAfter_On503_IsHonoured()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/busy", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [1] } });
        h.Receiver.Handler = (ctx, call) =>
        {
            if (call == 1)
            {
                ctx.Response.Headers.RetryAfter = "30";
                return RespondAsync(ctx, 503);
            }
            return RespondAsync(ctx, 200);
        };
        h.Start();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);
        (await h.GetAsync(delivery.Id)).NextAttemptAt!.Value.ShouldBe(clock.GetUtcNow().AddSeconds(30), TimeSpan.FromMilliseconds(5));

        clock.Advance(TimeSpan.FromSeconds(5));
        await h.ClaimPassAsync();
        h.Receiver.To("/busy").Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(26));
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
    }

    [Fact]
    public async Task Gone_DisablesTheEndpoint_AndRecordsAFailedAttempt()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/gone", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.02, 0.02] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 410);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.Store.Endpoints.FindAsync(endpoint.Id))!.Disabled, Quick);
        await EngineHarness.Eventually(async () => (await h.AttemptsAsync(delivery.Id)).Count == 1, Quick);
        var disabled = (await h.Store.Endpoints.FindAsync(endpoint.Id))!;
        disabled.DisabledReason.ShouldBe("410 Gone");
        // Its retry may come due and be claimed for a moment before the engine, seeing the endpoint
        // disabled, parks it again: wait for it to settle as failed.
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);
        (await h.GetAsync(delivery.Id)).LastStatusCode.ShouldBe(410);

        // The retry comes due, but the endpoint is disabled: the delivery is parked, not sent.
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        await h.ClaimPassAsync();
        await h.ClaimPassAsync();
        h.Receiver.To("/gone").Count.ShouldBe(1);
        (await h.Store.Queue.NextDueAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task SlowEndpoint_DoesNotDelayAHealthyOne()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (slow, _) = await h.AddEndpointAsync("/slow", e => e with { TimeoutSeconds = 1, MaxConcurrency = 2 });
        var (healthy, _) = await h.AddEndpointAsync("/healthy");
        h.Receiver.Handler = async (ctx, _) =>
        {
            if (ctx.Request.Path == "/slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            ctx.Response.StatusCode = 200;
        };
        h.Start(o => o.BatchSize = 8);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 30; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }
        var healthyOnes = deliveries.Where(d => d.EndpointId == healthy.Id).ToList();
        var slowOnes = deliveries.Where(d => d.EndpointId == slow.Id).ToList();

        await EngineHarness.Eventually(async () =>
        {
            foreach (var d in healthyOnes)
            {
                if ((await h.GetAsync(d.Id)).Status != DeliveryStatus.Succeeded)
                {
                    return false;
                }
            }
            return true;
        }, Quick);

        // Thirty slow deliveries two at a time take fifteen seconds; the healthy ones did not wait for them.
        var slowAttempts = 0;
        foreach (var d in slowOnes)
        {
            slowAttempts += (await h.AttemptsAsync(d.Id)).Count;
        }
        slowAttempts.ShouldBeLessThan(10);
        h.Receiver.To("/slow").Count.ShouldBeLessThan(12);
    }

    [Fact]
    public async Task Stop_ReleasesQueuedLeases_AndLosesNothing()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/gate", e => e with { MaxConcurrency = 1, TimeoutSeconds = 30 });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Receiver.Handler = async (ctx, _) =>
        {
            await gate.Task;
            ctx.Response.StatusCode = 200;
        };
        h.Start();
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.AddRange(await h.PublishAsync());
        }
        // One on the wire and the rest waiting in the lane (a claim may bring more than the lane's
        // backlog of 2 per slot; it keeps them) or never claimed.
        await EngineHarness.Eventually(() => h.Receiver.Received.Count == 1 && h.Engine.InFlight >= 3, Quick);

        var stopped = h.StopAsync();
        await EngineHarness.Eventually(async () =>
        {
            var statuses = await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)));
            return statuses.Count(d => d.Status == DeliveryStatus.Sending) == 1;
        }, Quick, "the waiting deliveries were not released");
        gate.SetResult();
        await stopped.WaitAsync(Quick);

        var final = await Task.WhenAll(deliveries.Select(d => h.GetAsync(d.Id)));
        final.Count(d => d.Status == DeliveryStatus.Succeeded).ShouldBe(1);
        final.Count(d => d.Status == DeliveryStatus.Pending).ShouldBe(4);
        var now = h.Clock.GetUtcNow();
        var claimable = await h.Store.Queue.ClaimAsync(new ClaimRequest("other-node", now, now.AddMinutes(1), 10));
        claimable.Count.ShouldBe(4);
        claimable.ShouldAllBe(c => c.Delivery.EndpointId == endpoint.Id);
    }

    [Fact]
    public async Task Start_TakesBackTheLeasesOfThisNodesPreviousRun()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/again");
        var delivery = (await h.PublishAsync()).Single();
        var now = h.Clock.GetUtcNow();
        (await h.Store.Queue.ClaimAsync(new ClaimRequest("test-node", now, now.AddMinutes(30), 10))).Count.ShouldBe(1);

        h.Start();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
    }

    [Fact]
    public async Task DisabledEndpoint_IsParked_AndSentOnceEnabled()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (endpoint, _) = await h.AddEndpointAsync("/later");
        var delivery = (await h.PublishAsync()).Single();
        var now = h.Clock.GetUtcNow();
        // Disabled after publish: the delivery exists and is due, but must wait.
        await h.Store.Endpoints.UpdateAsync(endpoint with { Disabled = true }, now);
        var stored = await h.GetAsync(delivery.Id);
        h.Start();
        await h.ClaimPassAsync();
        await h.ClaimPassAsync();
        h.Receiver.Received.ShouldBeEmpty();
        stored.Status.ShouldBe(DeliveryStatus.Pending);

        await h.Store.Endpoints.UpdateAsync(endpoint with { Disabled = false }, h.Clock.GetUtcNow());
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
    }

    [Fact]
    public async Task ManualRetry_OfADeadDelivery_GetsOneAttempt()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/once", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [0.02] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 500);
        h.Start();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Dead, Quick);

        var requeued = await h.Store.Deliveries.RequeueAsync(h.AppId, new RequeueFilter([DeliveryStatus.Dead], DeliveryId: delivery.Id), AttemptTriggers.Manual, h.Clock.GetUtcNow());
        requeued.ShouldBe(1);
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.AttemptsAsync(delivery.Id)).Count == 3 && (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Dead, Quick);
        await h.ClaimPassAsync();
        (await h.AttemptsAsync(delivery.Id)).Select(a => a.Trigger).ShouldBe([AttemptTriggers.Scheduled, AttemptTriggers.Scheduled, AttemptTriggers.Manual]);
    }
}
