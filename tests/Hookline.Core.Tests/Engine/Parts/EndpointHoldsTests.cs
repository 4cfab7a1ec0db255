using Hookline.Core.Engine;

namespace Hookline.Core.Tests.Engine.Parts;

public sealed class EndpointHoldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Hold_ALaterEnd_ExtendsButAnEarlierOneNeverShortens()
    {
        var holds = new EndpointHolds();
        holds.Hold("ep_a", T0.AddSeconds(10));
        holds.Hold("ep_a", T0.AddSeconds(5));
        holds.HeldAt(T0.AddSeconds(9)).ShouldBe(["ep_a"]);
        holds.Hold("ep_a", T0.AddSeconds(20));
        holds.HeldAt(T0.AddSeconds(15)).ShouldBe(["ep_a"]);
    }

    [Fact]
    public void HeldAt_LeavesOutAndForgetsEndedHolds()
    {
        var holds = new EndpointHolds();
        holds.Hold("ep_a", T0.AddSeconds(1));
        holds.Hold("ep_b", T0.AddSeconds(3));
        holds.HeldAt(T0.AddSeconds(2)).ShouldBe(["ep_b"]);
        // Forgotten, so releasing it reports no hold.
        holds.Release("ep_a").ShouldBeFalse();
        holds.Release("ep_b").ShouldBeTrue();
        holds.HeldAt(T0).ShouldBeEmpty();
    }

    [Fact]
    public void EarliestEndAfter_IsTheSoonestRunningHold()
    {
        var holds = new EndpointHolds();
        holds.EarliestEndAfter(T0).ShouldBeNull();
        holds.Hold("ep_a", T0.AddSeconds(1));
        holds.Hold("ep_b", T0.AddSeconds(4));
        holds.Hold("ep_c", T0.AddSeconds(2));
        holds.EarliestEndAfter(T0).ShouldBe(T0.AddSeconds(1));
        holds.EarliestEndAfter(T0.AddSeconds(1)).ShouldBe(T0.AddSeconds(2));
        holds.EarliestEndAfter(T0.AddSeconds(4)).ShouldBeNull();
    }
}
