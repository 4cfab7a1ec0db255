using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class EndpointConcurrencyLimiterTests
{
    private readonly EndpointConcurrencyLimiter _limiter = new();

    [Fact]
    public async Task Acquire_BeyondTheLimit_WaitsUntilASlotIsReleased()
    {
        var first = await _limiter.AcquireAsync("ep", 2);
        var second = await _limiter.AcquireAsync("ep", 2);

        var third = _limiter.AcquireAsync("ep", 2).AsTask();
        third.IsCompleted.ShouldBeFalse();
        _limiter.Waiting("ep").ShouldBe(1);

        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        _limiter.InFlight("ep").ShouldBe(2);
        second.Dispose();
    }

    [Fact]
    public async Task Endpoints_HaveSeparateLimits()
    {
        using var a = await _limiter.AcquireAsync("ep_a", 1);

        _limiter.TryAcquire("ep_b", 1, out var b).ShouldBeTrue();
        _limiter.TryAcquire("ep_a", 1, out _).ShouldBeFalse();
        b!.Dispose();
    }

    [Fact]
    public async Task Waiters_AreAdmittedInArrivalOrder()
    {
        var held = await _limiter.AcquireAsync("ep", 1);
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 3).Select(async i =>
        {
            using var lease = await _limiter.AcquireAsync("ep", 1);
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        held.Dispose();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        order.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task RaisingTheLimit_AdmitsWaitersAtOnce()
    {
        using var held = await _limiter.AcquireAsync("ep", 1);
        var waiting = _limiter.AcquireAsync("ep", 1).AsTask();

        _limiter.SetLimit("ep", 2);

        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        _limiter.InFlight("ep").ShouldBe(2);
    }

    [Fact]
    public async Task LoweringTheLimit_LetsInFlightFinish_AndAdmitsNoMoreUntilBelowIt()
    {
        var one = await _limiter.AcquireAsync("ep", 3);
        var two = await _limiter.AcquireAsync("ep", 3);
        var three = await _limiter.AcquireAsync("ep", 3);

        _limiter.SetLimit("ep", 1);
        var waiting = _limiter.AcquireAsync("ep", 1).AsTask();
        one.Dispose();
        two.Dispose();
        waiting.IsCompleted.ShouldBeFalse();
        three.Dispose();

        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        _limiter.InFlight("ep").ShouldBe(1);
    }

    [Fact]
    public async Task CancelledWaiter_GivesUpItsPlace_AndHoldsNoSlot()
    {
        var held = await _limiter.AcquireAsync("ep", 1);
        using var cts = new CancellationTokenSource();
        var cancelled = _limiter.AcquireAsync("ep", 1, cts.Token).AsTask();
        var next = _limiter.AcquireAsync("ep", 1).AsTask();

        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        using var lease = await next.WaitAsync(TimeSpan.FromSeconds(10));
        _limiter.InFlight("ep").ShouldBe(1);
        _limiter.Waiting("ep").ShouldBe(0);
    }

    [Fact]
    public async Task DisposingALeaseTwice_FreesOnlyOneSlot()
    {
        var lease = await _limiter.AcquireAsync("ep", 2);
        using var other = await _limiter.AcquireAsync("ep", 2);

        lease.Dispose();
        lease.Dispose();

        _limiter.InFlight("ep").ShouldBe(1);
    }

    [Fact]
    public async Task NullLimit_MeansUnlimited()
    {
        var leases = new List<IDisposable>();
        for (var i = 0; i < 100; i++)
        {
            leases.Add(await _limiter.AcquireAsync("ep", null));
        }

        _limiter.InFlight("ep").ShouldBe(100);
        leases.ForEach(l => l.Dispose());
        _limiter.InFlight("ep").ShouldBe(0);
    }

    [Fact]
    public async Task ZeroLimit_IsRefused() =>
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await _limiter.AcquireAsync("ep", 0));
}
