using Hookline.Core.Deliveries;
using Hookline.Core.Operations;
using Hookline.Core.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Operations;

public sealed class OperationalEventRulesTests
{
    [Theory]
    [InlineData(DeliveryStatus.Failed, 0, false, OperationalEventTypes.AttemptFailing)]
    [InlineData(DeliveryStatus.Failed, 1, true, null)]
    [InlineData(DeliveryStatus.Failed, 4, true, null)]
    [InlineData(DeliveryStatus.Failed, 0, true, OperationalEventTypes.AttemptFailing)] // a replay's first failure opens a new round
    [InlineData(DeliveryStatus.Dead, 0, false, OperationalEventTypes.AttemptExhausted)]
    [InlineData(DeliveryStatus.Dead, 7, true, OperationalEventTypes.AttemptExhausted)]
    [InlineData(DeliveryStatus.Succeeded, 2, true, OperationalEventTypes.AttemptRecovered)]
    [InlineData(DeliveryStatus.Succeeded, 0, true, OperationalEventTypes.AttemptRecovered)] // a manual retry of a dead delivery that works
    [InlineData(DeliveryStatus.Succeeded, 0, false, null)]
    public void AttemptEventType_ReportsTransitionsOnly(DeliveryStatus newStatus, int roundAttemptsBefore, bool previousFailed, string? expected) =>
        OperationalEventRules.AttemptEventType(newStatus, roundAttemptsBefore, previousFailed).ShouldBe(expected);

    [Fact]
    public void CircuitEvent_ReportsOpeningAndTheCloseAfterAProbe_NotFailedProbesOrHalfOpenOrReset()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var breaker = new CircuitBreaker("ep_1", new CircuitBreakerOptions { ConsecutiveFailureThreshold = 2, BreakDuration = TimeSpan.FromSeconds(10) }, clock);
        var reported = new List<OperationalEvent>();
        breaker.StateChanged += (_, change) =>
        {
            if (OperationalEventRules.CircuitEvent(change, "node-a", breaker.NextProbeAt) is { } e)
            {
                reported.Add(e);
            }
        };

        breaker.RecordFailure();
        breaker.RecordFailure();
        reported.Select(e => e.Type).ShouldBe([OperationalEventTypes.CircuitOpened]);
        var opened = reported[0];
        opened.EndpointId.ShouldBe("ep_1");
        opened.Reason.ShouldBe("2 consecutive failures");
        opened.Node.ShouldBe("node-a");
        opened.At.ShouldBe(clock.GetUtcNow());
        opened.NextProbeAt.ShouldBe(clock.GetUtcNow().AddSeconds(10));
        opened.EventId.ShouldBe($"op_endpoint.circuit_opened_ep_1_node-a_{clock.GetUtcNow().ToUnixTimeMilliseconds()}");

        clock.Advance(TimeSpan.FromSeconds(10));
        breaker.TryAcquire().ShouldBeTrue(); // half-open
        breaker.RecordFailure(); // the probe failed: open again, already reported
        reported.Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(20));
        breaker.TryAcquire().ShouldBeTrue();
        breaker.RecordSuccess();
        reported.Select(e => e.Type).ShouldBe([OperationalEventTypes.CircuitOpened, OperationalEventTypes.CircuitClosed]);
        reported[1].Reason.ShouldBe("probe succeeded");

        breaker.RecordFailure();
        breaker.RecordFailure();
        clock.Advance(TimeSpan.FromSeconds(10));
        breaker.TryAcquire().ShouldBeTrue();
        breaker.Reset(); // the endpoint was disabled: not a recovery
        reported.Select(e => e.Type).ShouldBe([OperationalEventTypes.CircuitOpened, OperationalEventTypes.CircuitClosed, OperationalEventTypes.CircuitOpened]);
    }
}
