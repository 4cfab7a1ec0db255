using Hookline.Core.Deliveries;
using Hookline.Core.Operations;
using Hookline.Core.Protection;
using Hookline.Core.Retry;
using Hookline.Core.Tests.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Operations;

/// <summary>What the delivery engine reports, on a real store and receiver, with the clock in the test's hand.</summary>
public sealed class OperationalEventsEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static Task RespondAsync(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void NoBreaker(Core.Engine.DeliveryEngineOptions o) => o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 100 };

    private static async Task AttemptedAsync(EngineHarness h, string deliveryId, int attempts) =>
        await EngineHarness.Eventually(async () => (await h.GetAsync(deliveryId)).AttemptCount == attempts, Quick, $"attempt {attempts} should be recorded");

    [Fact]
    public async Task AlwaysFailing_ReportsFailingOnce_ThenExhaustedWhenItGoesDead()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [60, 60] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 500);
        var events = new RecordingOperationalEvents();
        h.Start(NoBreaker, events);

        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(() => events.Events.Count == 1, Quick, "the first failure should be reported");
        var failing = events.Events.Single();
        failing.Type.ShouldBe(OperationalEventTypes.AttemptFailing);
        failing.AppId.ShouldBe(h.AppId);
        failing.EndpointId.ShouldBe(endpoint.Id);
        failing.Url.ShouldBe(endpoint.Url);
        failing.EventId.ShouldBe($"op_message.attempt.failing_{delivery.Id}_1");
        var attempt = failing.Attempt.ShouldNotBeNull();
        attempt.DeliveryId.ShouldBe(delivery.Id);
        attempt.MessageId.ShouldBe(delivery.MessageId);
        attempt.EventType.ShouldBe("user.created");
        attempt.AttemptCount.ShouldBe(1);
        attempt.LastStatusCode.ShouldBe(500);
        attempt.LastErrorClass.ShouldBe(AttemptErrorClasses.Status);
        attempt.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddSeconds(60)); // the clock stood still during the attempt

        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await AttemptedAsync(h, delivery.Id, 2);
        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => events.Events.Count == 2, Quick, "going dead should be reported");

        (await h.GetAsync(delivery.Id)).Status.ShouldBe(DeliveryStatus.Dead);
        events.Types().ShouldBe([OperationalEventTypes.AttemptFailing, OperationalEventTypes.AttemptExhausted]);
        var exhausted = events.Events.Last().Attempt!;
        exhausted.AttemptCount.ShouldBe(3);
        exhausted.NextAttemptAt.ShouldBeNull();
    }

    [Fact]
    public async Task FailingTwiceThenOk_ReportsFailingThenRecovered()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/flaky", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [60, 60, 60] } });
        h.Receiver.Handler = (ctx, call) => RespondAsync(ctx, call <= 2 ? 503 : 200);
        var events = new RecordingOperationalEvents();
        h.Start(NoBreaker, events);

        var delivery = (await h.PublishAsync()).Single();
        await AttemptedAsync(h, delivery.Id, 1);
        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await AttemptedAsync(h, delivery.Id, 2);
        clock.Advance(TimeSpan.FromSeconds(60));
        await h.ClaimPassAsync();
        await EngineHarness.Eventually(() => events.Events.Count == 2, Quick, "the recovery should be reported");

        (await h.GetAsync(delivery.Id)).Status.ShouldBe(DeliveryStatus.Succeeded);
        events.Types().ShouldBe([OperationalEventTypes.AttemptFailing, OperationalEventTypes.AttemptRecovered]);
        var recovered = events.Events.Last().Attempt!;
        recovered.AttemptCount.ShouldBe(3);
        recovered.LastStatusCode.ShouldBe(200);
        recovered.LastErrorClass.ShouldBeNull();
    }

    [Fact]
    public async Task SucceedingFirstTime_ReportsNothing()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/ok");
        var events = new RecordingOperationalEvents();
        h.Start(null, events);

        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
        await h.StopAsync();

        events.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task CircuitOpening_AndItsCloseAfterAProbe_AreReportedWithTheNode()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [3600] } });
        var status = 500;
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, status);
        var events = new RecordingOperationalEvents();
        h.Start(o => o.Breaker = new CircuitBreakerOptions { ConsecutiveFailureThreshold = 2, BreakDuration = TimeSpan.FromSeconds(30) }, events);

        await h.PublishAsync();
        await h.PublishAsync();
        await EngineHarness.Eventually(() => events.Events.Any(e => e.Type == OperationalEventTypes.CircuitOpened), Quick, "the circuit should open");
        var opened = events.Events.Single(e => e.Type == OperationalEventTypes.CircuitOpened);
        opened.EndpointId.ShouldBe(endpoint.Id);
        opened.Node.ShouldBe("test-node");
        opened.Reason.ShouldBe("2 consecutive failures");
        opened.NextProbeAt.ShouldBe(opened.At.AddSeconds(30));

        status = 200;
        clock.Advance(TimeSpan.FromSeconds(30));
        await h.PublishAsync();
        await EngineHarness.Eventually(() => events.Events.Any(e => e.Type == OperationalEventTypes.CircuitClosed), Quick, "the probe should close the circuit");
        events.Types().Where(t => t.StartsWith("endpoint.", StringComparison.Ordinal))
            .ShouldBe([OperationalEventTypes.CircuitOpened, OperationalEventTypes.CircuitClosed]);
        events.Events.Single(e => e.Type == OperationalEventTypes.CircuitClosed).Reason.ShouldBe("probe succeeded");
    }

    [Fact]
    public async Task Gone_ReportsTheEndpointDisabled_WithCauseGone()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/gone", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [60] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 410);
        var events = new RecordingOperationalEvents();
        h.Start(NoBreaker, events);

        await h.PublishAsync();
        await EngineHarness.Eventually(() => events.Events.Any(e => e.Type == OperationalEventTypes.EndpointDisabled), Quick);
        var disabled = events.Events.Single(e => e.Type == OperationalEventTypes.EndpointDisabled);
        disabled.EndpointId.ShouldBe(endpoint.Id);
        disabled.AppId.ShouldBe(h.AppId);
        disabled.Reason.ShouldBe("410 Gone");
        disabled.Cause.ShouldBe(DisableCauses.Gone);
        (await h.Store.Endpoints.FindAsync(endpoint.Id))!.Disabled.ShouldBeTrue();
    }

    [Fact]
    public async Task FailingLongerThanAutoDisableAfter_ReportsTheEndpointDisabled_WithCauseFailing()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        var (endpoint, _) = await h.AddEndpointAsync("/down", e => e with { RetryPolicy = new RetryPolicy { ScheduleSeconds = [1800, 1800, 1800] } });
        h.Receiver.Handler = (ctx, _) => RespondAsync(ctx, 500);
        var events = new RecordingOperationalEvents();
        h.Start(o =>
        {
            o.AutoDisableAfter = TimeSpan.FromHours(1);
            NoBreaker(o);
        }, events);
        var firstFailure = clock.GetUtcNow();

        var delivery = (await h.PublishAsync()).Single();
        for (var attempt = 1; attempt < 3; attempt++)
        {
            await AttemptedAsync(h, delivery.Id, attempt);
            clock.Advance(TimeSpan.FromSeconds(1800));
            await h.ClaimPassAsync();
        }
        await EngineHarness.Eventually(() => events.Events.Any(e => e.Type == OperationalEventTypes.EndpointDisabled), Quick);

        var disabled = events.Events.Single(e => e.Type == OperationalEventTypes.EndpointDisabled);
        disabled.EndpointId.ShouldBe(endpoint.Id);
        disabled.Cause.ShouldBe(DisableCauses.Failing);
        disabled.Reason.ShouldBe($"failing since {firstFailure:O}");
        disabled.At.ShouldBe(clock.GetUtcNow());
    }
}
