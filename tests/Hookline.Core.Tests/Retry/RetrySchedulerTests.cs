using Hookline.Core.Retry;

namespace Hookline.Core.Tests.Retry;

public class RetrySchedulerTests
{
    private readonly RetryScheduler _scheduler = new(new Random(7));

    [Fact]
    public void Schedule_CountsTheFirstAttempt()
    {
        var policy = new RetryPolicy { ScheduleSeconds = [1, 5] };
        RetryScheduler.MaxAttempts(policy).ShouldBe(3);
        _scheduler.NextDelay(policy, 1).ShouldBe(TimeSpan.FromSeconds(1));
        _scheduler.NextDelay(policy, 2).ShouldBe(TimeSpan.FromSeconds(5));
        _scheduler.NextDelay(policy, 3).ShouldBeNull();
    }

    [Fact]
    public void Schedule_AllowsFractionsOfASecond() =>
        _scheduler.NextDelay(new RetryPolicy { ScheduleSeconds = [0.05] }, 1).ShouldBe(TimeSpan.FromMilliseconds(50));

    [Fact]
    public void Exponential_GrowsByTheMultiplier_UpToTheCap()
    {
        var policy = new RetryPolicy { MaxAttempts = 6, InitialDelaySeconds = 2, BackoffMultiplier = 3, MaxDelaySeconds = 50 };
        _scheduler.NextDelay(policy, 1).ShouldBe(TimeSpan.FromSeconds(2));
        _scheduler.NextDelay(policy, 2).ShouldBe(TimeSpan.FromSeconds(6));
        _scheduler.NextDelay(policy, 3).ShouldBe(TimeSpan.FromSeconds(18));
        _scheduler.NextDelay(policy, 4).ShouldBe(TimeSpan.FromSeconds(50));
        _scheduler.NextDelay(policy, 6).ShouldBeNull();
    }

    [Fact]
    public void Exponential_DefaultsToFiveAttempts() =>
        RetryScheduler.MaxAttempts(new RetryPolicy { InitialDelaySeconds = 1 }).ShouldBe(RetryScheduler.DefaultExponentialMaxAttempts);

    [Fact]
    public void Jitter_StaysWithinItsFraction()
    {
        var policy = new RetryPolicy { ScheduleSeconds = [100], Jitter = 0.2 };
        for (var i = 0; i < 200; i++)
        {
            _scheduler.NextDelay(policy, 1)!.Value.TotalSeconds.ShouldBeInRange(80, 120);
        }
    }

    [Fact]
    public void Default_IsEightAttemptsWithJitter()
    {
        RetryScheduler.MaxAttempts(RetryPolicy.Default).ShouldBe(8);
        RetryPolicy.Default.Jitter.ShouldBe(0.2);
    }

    [Fact]
    public void RetryOnStatusCodes_NullMeansEveryStatus()
    {
        RetryScheduler.IsRetryableStatus(new RetryPolicy(), 418).ShouldBeTrue();
        var limited = new RetryPolicy { RetryOnStatusCodes = [502] };
        RetryScheduler.IsRetryableStatus(limited, 418).ShouldBeFalse();
        RetryScheduler.IsRetryableStatus(limited, 502).ShouldBeTrue();
        RetryScheduler.IsRetryableStatus(limited, null).ShouldBeTrue();
    }
}
