using Hookline.Core.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Protection;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<CircuitStateChangedEventArgs> _changes = [];

    private CircuitBreaker Breaker(CircuitBreakerOptions? options = null)
    {
        var breaker = new CircuitBreaker("ep_1", options ?? new CircuitBreakerOptions(), _time);
        breaker.StateChanged += (_, e) => _changes.Add(e);
        return breaker;
    }

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.RecordFailure();
        }
    }

    [Fact]
    public void NewBreaker_IsClosedAndLetsEveryoneThrough()
    {
        var breaker = Breaker();

        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.TryAcquire().ShouldBeTrue();
        breaker.TryAcquire().ShouldBeTrue();
        breaker.OpenedAt.ShouldBeNull();
        breaker.NextProbeAt.ShouldBeNull();
    }

    [Fact]
    public void FiveConsecutiveFailures_OpenTheCircuit()
    {
        var breaker = Breaker();

        Fail(breaker, 4);
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.RecordFailure();

        breaker.State.ShouldBe(CircuitState.Open);
        breaker.TryAcquire().ShouldBeFalse();
        breaker.OpenedAt.ShouldBe(_time.GetUtcNow());
        breaker.NextProbeAt.ShouldBe(_time.GetUtcNow().AddSeconds(30));
        _changes.ShouldHaveSingleItem().To.ShouldBe(CircuitState.Open);
        _changes[0].Reason.ShouldContain("5 consecutive");
    }

    [Fact]
    public void ASuccess_ResetsTheConsecutiveCount()
    {
        var breaker = Breaker();

        Fail(breaker, 4);
        breaker.RecordSuccess();
        Fail(breaker, 4);

        breaker.State.ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public void FailureRatioAtThreshold_WithEnoughVolume_OpensTheCircuit()
    {
        var breaker = Breaker(new CircuitBreakerOptions { ConsecutiveFailureThreshold = 100 });

        // Alternating outcomes: 50 % failures, never two in a row.
        for (var i = 0; i < 9; i++)
        {
            breaker.RecordSuccess();
            breaker.RecordFailure();
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        breaker.RecordSuccess();
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.RecordFailure();

        breaker.State.ShouldBe(CircuitState.Open);
        _changes.ShouldHaveSingleItem().Reason.ShouldContain("10 of 20");
    }

    [Fact]
    public void FailureRatio_BelowMinimumThroughput_KeepsTheCircuitClosed()
    {
        var breaker = Breaker(new CircuitBreakerOptions { ConsecutiveFailureThreshold = 100 });

        for (var i = 0; i < 9; i++)
        {
            breaker.RecordFailure();
            breaker.RecordSuccess();
        }
        breaker.RecordFailure();

        breaker.State.ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public void FailureRatio_ForgetsOutcomesOlderThanTheWindow()
    {
        var breaker = Breaker(new CircuitBreakerOptions { ConsecutiveFailureThreshold = 100 });
        for (var i = 0; i < 9; i++)
        {
            breaker.RecordSuccess();
            breaker.RecordFailure();
        }

        _time.Advance(TimeSpan.FromSeconds(61));
        // Counted together with the old outcomes these would make 13 of 26 and open the circuit.
        for (var i = 0; i < 4; i++)
        {
            breaker.RecordSuccess();
            breaker.RecordFailure();
        }

        breaker.State.ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public void AfterTheBreak_ExactlyOneProbeGetsThrough()
    {
        var breaker = Breaker();
        Fail(breaker, 5);

        _time.Advance(TimeSpan.FromSeconds(29));
        breaker.TryAcquire().ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        breaker.State.ShouldBe(CircuitState.HalfOpen);

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => breaker.TryAcquire()).ToList();

        results.Count(r => r).ShouldBe(1);
        breaker.State.ShouldBe(CircuitState.HalfOpen);
    }

    [Fact]
    public void ProbeSuccess_ClosesTheCircuitAndResetsTheBreak()
    {
        var breaker = Breaker();
        Fail(breaker, 5);
        _time.Advance(TimeSpan.FromSeconds(30));
        breaker.TryAcquire().ShouldBeTrue();

        breaker.RecordSuccess();

        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.OpenedAt.ShouldBeNull();
        breaker.TryAcquire().ShouldBeTrue();
        _changes.Select(c => c.To).ShouldBe([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed]);
        Fail(breaker, 5);
        breaker.NextProbeAt.ShouldBe(_time.GetUtcNow().AddSeconds(30));
    }

    [Fact]
    public void ProbeFailure_ReopensWithADoubledBreak_UpToTheCap()
    {
        var breaker = Breaker(new CircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(30), MaxBreakDuration = TimeSpan.FromMinutes(3) });
        var openedAt = _time.GetUtcNow();
        Fail(breaker, 5);
        var breaks = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(breaker.NextProbeAt!.Value - _time.GetUtcNow());
            breaker.TryAcquire().ShouldBeTrue();
            breaker.RecordFailure();
            breaks.Add(breaker.NextProbeAt!.Value - _time.GetUtcNow());
        }

        breaks.ShouldBe([TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)]);
        breaker.State.ShouldBe(CircuitState.Open);
        breaker.OpenedAt.ShouldBe(openedAt);
    }

    [Fact]
    public void AProbeThatNeverReports_IsGivenUpAfterTheProbeTimeout()
    {
        var breaker = Breaker(new CircuitBreakerOptions { ProbeTimeout = TimeSpan.FromMinutes(1) });
        Fail(breaker, 5);
        _time.Advance(TimeSpan.FromSeconds(30));
        breaker.TryAcquire().ShouldBeTrue();

        _time.Advance(TimeSpan.FromSeconds(59));
        breaker.TryAcquire().ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));

        breaker.TryAcquire().ShouldBeTrue();
        breaker.TryAcquire().ShouldBeFalse();
    }

    [Fact]
    public void OutcomesReportedWhileOpen_DoNotChangeTheCircuit()
    {
        var breaker = Breaker();
        Fail(breaker, 5);
        var nextProbe = breaker.NextProbeAt;

        breaker.RecordSuccess();
        breaker.RecordFailure();

        breaker.State.ShouldBe(CircuitState.Open);
        breaker.NextProbeAt.ShouldBe(nextProbe);
    }

    [Fact]
    public void Reset_ClosesAnOpenCircuit()
    {
        var breaker = Breaker();
        Fail(breaker, 5);

        breaker.Reset();

        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.TryAcquire().ShouldBeTrue();
        _changes.Last().Reason.ShouldBe("reset");
    }

    [Fact]
    public void Snapshot_ReportsWhatTheApiShows()
    {
        var breaker = Breaker();
        Fail(breaker, 5);

        var snapshot = breaker.Snapshot();

        snapshot.ShouldBe(new CircuitSnapshot("ep_1", CircuitState.Open, _time.GetUtcNow(), _time.GetUtcNow().AddSeconds(30), 5, TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(0, 0.5, 20)]
    [InlineData(5, 0, 20)]
    [InlineData(5, 1.5, 20)]
    [InlineData(5, 0.5, 0)]
    public void InvalidOptions_AreRefused(int consecutive, double ratio, int minimumThroughput) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Breaker(new CircuitBreakerOptions
        {
            ConsecutiveFailureThreshold = consecutive,
            FailureRatioThreshold = ratio,
            MinimumThroughput = minimumThroughput,
        }));
}
