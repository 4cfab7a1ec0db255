using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine.Parts;

/// <summary>The lane's wait for an endpoint's rate window, on a fake clock.</summary>
public sealed class RateGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly RateGate _gate;

    public RateGateTests() => _gate = new RateGate(new RateWindowRegistry(_clock), _clock, Margin);

    private static Endpoint Limited(double? rate) => new()
    {
        Id = "ep_a",
        AppId = "app_1",
        Url = "https://example.com/hook",
        RateLimitPerSecond = rate,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    [Fact]
    public async Task WithoutARateLimit_StartsNow()
    {
        (await _gate.WaitTurnAsync(Limited(null), T0.AddMinutes(1), CancellationToken.None)).StartAt.ShouldBe(T0);
    }

    [Fact]
    public async Task AFullWindow_IsWaitedFor_AndTheStartIsTheInstantItFreed()
    {
        (await _gate.WaitTurnAsync(Limited(1), T0.AddMinutes(1), CancellationToken.None)).StartAt.ShouldBe(T0);
        _clock.Advance(TimeSpan.FromMilliseconds(300));

        var waiting = _gate.WaitTurnAsync(Limited(1), T0.AddMinutes(1), CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromMilliseconds(700));

        (await waiting).StartAt.ShouldBe(T0.AddSeconds(1));
    }

    [Fact]
    public async Task AWaitPastTheLease_GivesTheDeliveryBack_DueWhenTheWindowFrees()
    {
        await _gate.WaitTurnAsync(Limited(1), T0.AddMinutes(1), CancellationToken.None);

        var turn = await _gate.WaitTurnAsync(Limited(1), T0 + Margin, CancellationToken.None);

        turn.StartAt.ShouldBeNull();
        turn.GiveBackAt.ShouldBe(T0.AddSeconds(1));
    }

    [Fact]
    public async Task StoppingWhileWaiting_GivesTheDeliveryBack_DueNow()
    {
        await _gate.WaitTurnAsync(Limited(1), T0.AddMinutes(1), CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var waiting = _gate.WaitTurnAsync(Limited(1), T0.AddMinutes(1), stop.Token);
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();

        var turn = await waiting;
        turn.StartAt.ShouldBeNull();
        turn.GiveBackAt.ShouldBe(T0.AddMilliseconds(200));
    }
}
