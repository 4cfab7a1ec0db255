using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class RateWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Starts of a caller that asks as soon as it is told it may, for <paramref name="span"/>, woken <paramref name="lateBy"/> after each wait.</summary>
    private static List<DateTimeOffset> Run(RateWindow window, TimeSpan span, TimeSpan lateBy)
    {
        var starts = new List<DateTimeOffset>();
        var now = Start;
        while (now - Start < span)
        {
            if (window.TryTake(now, out var retryAfter))
            {
                starts.Add(now);
            }
            else
            {
                now += retryAfter + lateBy;
            }
        }
        return starts;
    }

    private static int Busiest(List<DateTimeOffset> starts, TimeSpan window) =>
        starts.Max(first => starts.Count(t => t >= first && t < first + window));

    [Theory]
    [InlineData(20)]
    [InlineData(7)]
    [InlineData(1)]
    public void WholeRate_NeverMoreInAnyOneSecondWindow_FirstSecondIncluded_AndTheFullRateWhenWorkWaits(double rate)
    {
        var starts = Run(new RateWindow(rate), TimeSpan.FromSeconds(10), TimeSpan.Zero);

        Busiest(starts, TimeSpan.FromSeconds(1)).ShouldBe((int)rate);
        starts.Count(t => t < Start.AddSeconds(1)).ShouldBe((int)rate);
        starts.Count.ShouldBeInRange((int)(rate * 10), (int)(rate * 10) + (int)rate);
    }

    [Fact]
    public void CallerWokenLate_CatchesUpWithinTheWindow_InsteadOfLosingRate()
    {
        var starts = Run(new RateWindow(50), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(15));

        Busiest(starts, TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(50);
        (starts.Count / 20.0).ShouldBeGreaterThan(50 * 0.9);
    }

    [Fact]
    public void FractionalRateBelowOne_SpacesStarts()
    {
        var window = new RateWindow(0.5);
        window.TryTake(Start, out _).ShouldBeTrue();

        window.TryTake(Start.AddSeconds(1), out var retryAfter).ShouldBeFalse();

        retryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        window.TryTake(Start.AddSeconds(2), out _).ShouldBeTrue();
    }

    [Fact]
    public void FractionalRateAboveOne_RunsAtItsWholePart_NeverAboveTheRate()
    {
        var starts = Run(new RateWindow(12.5), TimeSpan.FromSeconds(40), TimeSpan.Zero);

        (starts.Count / 40.0).ShouldBe(12, 0.4);
        Busiest(starts, TimeSpan.FromSeconds(1)).ShouldBe(12);
    }

    [Fact]
    public void LoweredRate_CountsTheStartsAlreadyMade()
    {
        var window = new RateWindow(10);
        for (var i = 0; i < 10; i++)
        {
            window.TryTake(Start.AddMilliseconds(i), out _).ShouldBeTrue();
        }

        window.Update(4);

        window.TryTake(Start.AddMilliseconds(20), out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public void ClockSteppingBack_OpensNoRoomEarly()
    {
        var window = new RateWindow(1);
        window.TryTake(Start, out _).ShouldBeTrue();

        window.TryTake(Start.AddSeconds(-30), out _).ShouldBeFalse();
        window.TryTake(Start.AddSeconds(0.5), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonPositiveOrNonFiniteRate_IsRefused(double rate) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new RateWindow(rate));
}
