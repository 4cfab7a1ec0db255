using Hookline.Core.Deliveries;
using Hookline.Core.Retry;

namespace Hookline.Core.Tests.Deliveries;

public sealed class RateLimitWaitOutTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly DeliveryStateMachine Machine = new(new RetryScheduler(new Random(1)), TimeSpan.FromMinutes(10));

    [Fact]
    public void WaitOut_IsFailedUntilExactlyTheAskedTime_WhateverTheSchedule()
    {
        Machine.WaitOut(TimeSpan.FromSeconds(0.337), Now).ShouldBe(new DeliveryDecision(DeliveryStatus.Failed, Now.AddSeconds(0.337)));
    }

    [Fact]
    public void WaitOut_BeyondTheRetryAfterBound_WaitsOnlyTheBound()
    {
        Machine.WaitOut(TimeSpan.FromDays(1), Now).NextAttemptAt.ShouldBe(Now.AddMinutes(10));
    }

    [Fact]
    public void WaitOut_InThePast_GoesNow()
    {
        Machine.WaitOut(TimeSpan.FromSeconds(-5), Now).NextAttemptAt.ShouldBe(Now);
    }
}
