using Hookline.Core.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine.Parts;

public sealed class ClaimLoopTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task FullBatches_AreFollowedByAnotherPassAtOnce()
    {
        var loop = new ClaimLoop(new AsyncSignal(_clock), _clock, TimeSpan.FromSeconds(1), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var passes = 0;
        var run = loop.RunAsync(() => Task.FromResult(++passes < 5), _ => Task.FromResult(TimeSpan.FromMinutes(1)), stop.Token);

        // Four full batches then one short: five passes without the clock moving, then an idle wait.
        await EngineHarness.Eventually(() => loop.Passes == 5);
        await Task.Delay(50);
        loop.Passes.ShouldBe(5);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task AFailedPass_WaitsTheBackoffBeforeTheNext()
    {
        var loop = new ClaimLoop(new AsyncSignal(_clock), _clock, TimeSpan.FromSeconds(2), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var run = loop.RunAsync(() =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("store down");
        }, _ => Task.FromResult(TimeSpan.Zero), stop.Token);

        await EngineHarness.Eventually(() => Volatile.Read(ref calls) == 1);
        var advanced = TimeSpan.Zero;
        await EngineHarness.Eventually(() =>
        {
            if (Volatile.Read(ref calls) >= 2)
            {
                return true;
            }
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            return false;
        });
        advanced.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task AnIdleWait_EndsAtItsTimeOrAtAWake()
    {
        var wake = new AsyncSignal(_clock);
        var loop = new ClaimLoop(wake, _clock, TimeSpan.FromSeconds(1), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = loop.RunAsync(() => Task.FromResult(false), _ => Task.FromResult(TimeSpan.FromSeconds(5)), stop.Token);

        await EngineHarness.Eventually(() => loop.Passes == 1);
        wake.Set();
        await EngineHarness.Eventually(() => loop.Passes == 2);
        var advanced = TimeSpan.Zero;
        await EngineHarness.Eventually(() =>
        {
            if (loop.Passes >= 3)
            {
                return true;
            }
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            advanced += TimeSpan.FromMilliseconds(500);
            return false;
        });
        advanced.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await run;
    }
}
