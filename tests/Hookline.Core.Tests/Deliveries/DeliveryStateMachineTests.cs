using Hookline.Core.Deliveries;
using Hookline.Core.Retry;

namespace Hookline.Core.Tests.Deliveries;

public class DeliveryStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy TwoRetries = new() { ScheduleSeconds = [10, 20] };

    private static DeliveryStateMachine Machine(TimeSpan? maxRetryAfter = null) =>
        new(new RetryScheduler(new Random(1)), maxRetryAfter ?? TimeSpan.FromMinutes(10));

    [Fact]
    public void Success_IsSucceeded()
    {
        var decision = Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0, AttemptResult.Success(204), Now);
        decision.ShouldBe(new DeliveryDecision(DeliveryStatus.Succeeded, null));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    public void Failure_WithAttemptsLeft_IsFailedAtTheScheduledDelay(int before, double seconds)
    {
        var decision = Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, before, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now);
        decision.ShouldBe(new DeliveryDecision(DeliveryStatus.Failed, Now.AddSeconds(seconds)));
    }

    [Fact]
    public void Failure_OfTheLastAttempt_IsDead()
    {
        var decision = Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 2, AttemptResult.Failure(null, AttemptErrorClasses.Connect), Now);
        decision.ShouldBe(DeliveryDecision.Dead);
    }

    [Fact]
    public void NullPolicy_UsesTheDefaultSchedule()
    {
        var noJitter = new RetryScheduler(new Random(1));
        var decision = new DeliveryStateMachine(noJitter, TimeSpan.FromHours(1))
            .Decide(null, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now);
        decision.Status.ShouldBe(DeliveryStatus.Failed);
        (decision.NextAttemptAt!.Value - Now).TotalSeconds.ShouldBeInRange(4, 6); // 5 s ± 20 %
        Machine().Decide(null, AttemptTriggers.Scheduled, 7, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now)
            .ShouldBe(DeliveryDecision.Dead);
    }

    [Fact]
    public void NonRetryableStatus_IsDeadAtOnce()
    {
        var policy = TwoRetries with { RetryOnStatusCodes = [500, 503] };
        Machine().Decide(policy, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(400, AttemptErrorClasses.Status), Now)
            .ShouldBe(DeliveryDecision.Dead);
        Machine().Decide(policy, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(503, AttemptErrorClasses.Status), Now)
            .Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Fact]
    public void NetworkError_IsRetriedEvenWithAStatusList()
    {
        var policy = TwoRetries with { RetryOnStatusCodes = [500] };
        Machine().Decide(policy, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(null, AttemptErrorClasses.Timeout), Now)
            .Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Fact]
    public void ManualRetry_OfAFinishedDelivery_GetsExactlyOneAttempt()
    {
        Machine().Decide(TwoRetries, AttemptTriggers.Manual, DeliveryStateMachine.ExtraAttempt, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now)
            .ShouldBe(DeliveryDecision.Dead);
        Machine().Decide(TwoRetries, AttemptTriggers.Manual, DeliveryStateMachine.ExtraAttempt, AttemptResult.Success(200), Now)
            .ShouldBe(DeliveryDecision.Succeeded);
    }

    [Fact]
    public void ManualRetry_InsideARound_LeavesTheScheduleGoingOn()
    {
        // Two of the round's attempts made, the manual one not counted: the schedule's second retry is still to come.
        Machine().Decide(TwoRetries, AttemptTriggers.Manual, 1, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now)
            .Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Theory]
    [InlineData(AttemptTriggers.Replay)]
    [InlineData(AttemptTriggers.Recover)]
    public void ReplayAndRecover_RestartTheSchedule(string trigger)
    {
        // The store counts round attempts from the replay, so the first failure of the new round retries at 10 s.
        Machine().Decide(TwoRetries, trigger, 0, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now)
            .ShouldBe(new DeliveryDecision(DeliveryStatus.Failed, Now.AddSeconds(10)));
    }

    [Fact]
    public void BlockedTarget_IsDeadAtOnce() =>
        Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(null, AttemptErrorClasses.Blocked), Now)
            .ShouldBe(DeliveryDecision.Dead);

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void RetryAfter_On429And503_DelaysTheRetry(int status)
    {
        var decision = Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0,
            AttemptResult.Failure(status, AttemptErrorClasses.Status, TimeSpan.FromSeconds(120)), Now);
        decision.NextAttemptAt.ShouldBe(Now.AddSeconds(120));
    }

    [Fact]
    public void RetryAfter_OnOtherStatuses_IsIgnored() =>
        Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0,
            AttemptResult.Failure(500, AttemptErrorClasses.Status, TimeSpan.FromSeconds(120)), Now)
            .NextAttemptAt.ShouldBe(Now.AddSeconds(10));

    [Fact]
    public void RetryAfter_IsClampedToTheMaximum() =>
        Machine(TimeSpan.FromMinutes(1)).Decide(TwoRetries, AttemptTriggers.Scheduled, 0,
            AttemptResult.Failure(429, AttemptErrorClasses.Status, TimeSpan.FromDays(2)), Now)
            .NextAttemptAt.ShouldBe(Now.AddMinutes(1));

    [Fact]
    public void RetryAfter_ShorterThanTheSchedule_OrInThePast_KeepsTheSchedule()
    {
        Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0,
            AttemptResult.Failure(429, AttemptErrorClasses.Status, TimeSpan.FromSeconds(-30)), Now)
            .NextAttemptAt.ShouldBe(Now.AddSeconds(10));
        Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 0,
            AttemptResult.Failure(429, AttemptErrorClasses.Status, TimeSpan.FromSeconds(2)), Now)
            .NextAttemptAt.ShouldBe(Now.AddSeconds(10));
    }

    [Fact]
    public void RetryAfter_DoesNotAddAttempts() =>
        Machine().Decide(TwoRetries, AttemptTriggers.Scheduled, 2,
            AttemptResult.Failure(429, AttemptErrorClasses.Status, TimeSpan.FromSeconds(5)), Now)
            .ShouldBe(DeliveryDecision.Dead);

    [Fact]
    public void Jitter_ComesFromTheInjectedRandom()
    {
        var policy = TwoRetries with { Jitter = 0.5 };
        var a = new DeliveryStateMachine(new RetryScheduler(new Random(42)), TimeSpan.FromHours(1))
            .Decide(policy, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now);
        var b = new DeliveryStateMachine(new RetryScheduler(new Random(42)), TimeSpan.FromHours(1))
            .Decide(policy, AttemptTriggers.Scheduled, 0, AttemptResult.Failure(500, AttemptErrorClasses.Status), Now);
        a.ShouldBe(b);
        (a.NextAttemptAt!.Value - Now).TotalSeconds.ShouldBeInRange(5, 15);
    }
}
