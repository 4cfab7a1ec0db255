using Hookline.Core.Ids;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Ids;

public class IdGeneratorTests
{
    [Fact]
    public void New_HasThePrefixAndIsValid()
    {
        var id = IdGenerator.New(IdPrefix.Delivery);
        id.ShouldStartWith("dlv_");
        IdGenerator.IsValid(id, IdPrefix.Delivery).ShouldBeTrue();
        IdGenerator.IsValid(id, IdPrefix.Message).ShouldBeFalse();
        IdGenerator.IsValid("dlv_not-valid", IdPrefix.Delivery).ShouldBeFalse();
    }

    [Fact]
    public void New_WithinOneMillisecond_IsMonotonic()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ids = Enumerable.Range(0, 1000).Select(_ => IdGenerator.New(IdPrefix.Attempt, clock)).ToList();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public void New_LaterTime_SortsAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var earlier = IdGenerator.New(IdPrefix.App, clock);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var later = IdGenerator.New(IdPrefix.App, clock);
        string.CompareOrdinal(earlier, later).ShouldBeLessThan(0);
    }
}
