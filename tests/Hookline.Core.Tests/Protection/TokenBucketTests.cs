using Hookline.Core.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Protection;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewBucket_GrantsItsBurstThenRefuses()
    {
        var bucket = new TokenBucket(5, null, Start);

        Enumerable.Range(0, 5).Select(i => bucket.TryTake(Start, out _)).ShouldAllBe(granted => granted);

        bucket.TryTake(Start, out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void DefaultCapacity_IsTheRate_ButNeverBelowOneToken()
    {
        new TokenBucket(20, null, Start).Capacity.ShouldBe(20);
        new TokenBucket(0.25, null, Start).Capacity.ShouldBe(1);
        new TokenBucket(20, 3, Start).Capacity.ShouldBe(3);
    }

    [Fact]
    public void RefusedCaller_WhoWaitsTheGivenTime_GetsAToken()
    {
        var bucket = new TokenBucket(3, null, Start);
        var now = Start;
        for (var i = 0; i < 3; i++)
        {
            bucket.TryTake(now, out _).ShouldBeTrue();
        }

        bucket.TryTake(now, out var retryAfter).ShouldBeFalse();
        bucket.TryTake(now + retryAfter - TimeSpan.FromTicks(10), out _).ShouldBeFalse();

        bucket.TryTake(now + retryAfter, out _).ShouldBeTrue();
    }

    [Fact]
    public void FractionalRate_SpacesTokensAccordingly()
    {
        var bucket = new TokenBucket(0.5, null, Start);
        bucket.TryTake(Start, out _).ShouldBeTrue();

        bucket.TryTake(Start, out var retryAfter).ShouldBeFalse();

        retryAfter.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void IdleTime_NeverBanksMoreThanTheCapacity()
    {
        var bucket = new TokenBucket(10, 4, Start);
        var later = Start.AddHours(1);

        bucket.Available(later).ShouldBe(4);
        Enumerable.Range(0, 5).Count(i => bucket.TryTake(later, out _)).ShouldBe(4);
    }

    [Theory]
    [InlineData(7.3)]
    [InlineData(0.5)]
    [InlineData(250)]
    public void OverALongSpan_CallersWhoWaitAsTold_GetTheConfiguredRate(double rate)
    {
        var bucket = new TokenBucket(rate, null, Start);
        var span = TimeSpan.FromHours(1);
        var now = Start;
        long granted = 0;

        while (now - Start < span)
        {
            if (bucket.TryTake(now, out var retryAfter))
            {
                granted++;
            }
            else
            {
                now += retryAfter;
            }
        }

        var observed = granted / span.TotalSeconds;
        observed.ShouldBeInRange(rate * 0.99, rate * 1.01);
    }

    [Fact]
    public void OverALongSpan_PollingAtAnOddInterval_LosesNoTokens()
    {
        const double rate = 40;
        var bucket = new TokenBucket(rate, null, Start);
        var step = TimeSpan.FromMilliseconds(13);
        var span = TimeSpan.FromMinutes(30);
        long granted = 0;

        for (var now = Start; now - Start < span; now += step)
        {
            while (bucket.TryTake(now, out _))
            {
                granted++;
            }
        }

        (granted / span.TotalSeconds).ShouldBeInRange(rate * 0.99, rate * 1.01);
    }

    [Fact]
    public void ConcurrentTakers_NeverGetMoreThanTheBucketHolds()
    {
        var bucket = new TokenBucket(100, null, Start);

        var granted = Enumerable.Range(0, 1000).AsParallel().Count(i => bucket.TryTake(Start, out _));

        granted.ShouldBe(100);
    }

    [Fact]
    public void ClockSteppingBack_CreditsNoTokens()
    {
        var bucket = new TokenBucket(1, null, Start);
        bucket.TryTake(Start, out _).ShouldBeTrue();

        bucket.TryTake(Start.AddSeconds(-30), out _).ShouldBeFalse();
        bucket.TryTake(Start.AddSeconds(1), out _).ShouldBeTrue();
    }

    [Fact]
    public void Update_CreditsElapsedTimeAtTheOldRate_ThenAppliesTheNewOne()
    {
        var bucket = new TokenBucket(1, 10, Start);
        for (var i = 0; i < 10; i++)
        {
            bucket.TryTake(Start, out _);
        }

        bucket.Update(100, 10, Start.AddSeconds(2));

        bucket.Available(Start.AddSeconds(2)).ShouldBe(2, tolerance: 1e-9);
        bucket.Available(Start + TimeSpan.FromMilliseconds(2050)).ShouldBe(7, tolerance: 1e-9);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    [InlineData(double.NaN, null)]
    [InlineData(5, 0.5)]
    public void InvalidSettings_AreRefused(double rate, double? capacity) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new TokenBucket(rate, capacity, Start));

    [Fact]
    public void Registry_KeepsOneBucketPerEndpoint_AndFollowsAChangedRate()
    {
        var time = new FakeTimeProvider(Start);
        var registry = new TokenBucketRegistry(time);

        registry.TryTake("ep_a", 1, null, out _).ShouldBeTrue();
        registry.TryTake("ep_a", 1, null, out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        registry.TryTake("ep_b", 1, null, out _).ShouldBeTrue();

        time.Advance(TimeSpan.FromMilliseconds(100));
        registry.TryTake("ep_a", 10, null, out _).ShouldBeFalse();
        registry.TryGet("ep_a", out var bucket).ShouldBeTrue();
        bucket!.RatePerSecond.ShouldBe(10);
        time.Advance(TimeSpan.FromMilliseconds(90));
        registry.TryTake("ep_a", 10, null, out _).ShouldBeTrue();
    }
}
