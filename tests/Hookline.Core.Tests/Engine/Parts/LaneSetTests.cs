using System.Collections.Concurrent;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Core.Tests.Engine.Parts;

/// <summary>The lane set with sends that end only when the test lets them.</summary>
public sealed class LaneSetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _release = new();
    private readonly ConcurrentQueue<string> _started = new();
    private readonly LaneSet _lanes;

    public LaneSetTests()
    {
        _lanes = new LaneSet(maxInFlight: 10, defaultConcurrency: 2, backlogPerSlot: 1, SendAsync);
    }

    private async Task SendAsync(EndpointLane lane, LeasedWork work)
    {
        var gate = _release.GetOrAdd(work.DeliveryId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _started.Enqueue(work.DeliveryId);
        await gate.Task;
        _lanes.SendEnded(lane, stillInMemory: false);
    }

    private void Finish(string deliveryId) =>
        _release.GetOrAdd(deliveryId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static Endpoint Endpoint(string id, int? maxConcurrency = null, bool ordered = false) => new()
    {
        Id = id,
        AppId = "app_1",
        Url = "https://example.com/hook",
        MaxConcurrency = maxConcurrency,
        Ordered = ordered,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static LeasedDelivery[] Deliveries(string endpointId, params string[] ids) =>
    [
        .. ids.Select(id => new LeasedDelivery(
            new Delivery { Id = id, MessageId = "msg_" + id, AppId = "app_1", EndpointId = endpointId, EventType = "t", CreatedAt = T0, UpdatedAt = T0 },
            new Message { Id = "msg_" + id, AppId = "app_1", EventType = "t", Payload = "{}", CreatedAt = T0 },
            "scheduled", 0)),
    ];

    [Fact]
    public async Task Enqueue_StartsUpToTheConcurrency_AndKeepsTheRestWaiting()
    {
        _lanes.Enqueue(Endpoint("ep_a"), Deliveries("ep_a", "d1", "d2", "d3"), T0.AddMinutes(5)).ShouldBeEmpty();

        await EngineHarness.Eventually(() => _started.Count == 2);
        _started.ShouldBe(["d1", "d2"], ignoreOrder: true);
        _lanes.InMemory.ShouldBe(3);
        _lanes.ClaimLimit(100).ShouldBe(7);
        // Two slots plus one waiting per slot: one more fits.
        _lanes.Full().ShouldBeEmpty();

        Finish("d1");
        await EngineHarness.Eventually(() => _started.Contains("d3"));
        _lanes.InMemory.ShouldBe(2);
    }

    [Fact]
    public async Task RateLimitedLane_HoldsAWindowsWorthWaiting_SoEachSecondsBurstNeedsNoClaim()
    {
        var limited = Endpoint("ep_a", maxConcurrency: 1) with { RateLimitPerSecond = 3 };
        _lanes.Enqueue(limited, Deliveries("ep_a", "d1", "d2", "d3"), T0.AddMinutes(5));
        await EngineHarness.Eventually(() => _started.Count == 1);

        // One slot plus three waiting (a window of the rate), not one: room for one more.
        _lanes.Full().ShouldBeEmpty();
        _lanes.Enqueue(limited, Deliveries("ep_a", "d4"), T0.AddMinutes(5));
        _lanes.Full().ShouldBe(["ep_a"]);
    }

    [Fact]
    public async Task AFullLane_IsLeftOutOfClaims_AndSaysSoWhenItHasRoomAgain()
    {
        _lanes.Enqueue(Endpoint("ep_a", maxConcurrency: 1), Deliveries("ep_a", "d1", "d2", "d3"), T0.AddMinutes(5));
        await EngineHarness.Eventually(() => _started.Count == 1);
        _lanes.Full().ShouldBe(["ep_a"]);
        _lanes.Blocked.ShouldBeTrue();

        // One slot plus one waiting, overshot by the claim: full until two of the three are done.
        Finish("d1");
        await EngineHarness.Eventually(() => _started.Count == 2);
        _lanes.Full().ShouldBe(["ep_a"]);
        Finish("d2");
        await EngineHarness.Eventually(() => _started.Count == 3);
        _lanes.Full().ShouldBeEmpty();
        _lanes.HasWork("ep_a").ShouldBeTrue();

        Finish("d3");
        await EngineHarness.Eventually(() => !_lanes.HasWork("ep_a"));
        _lanes.InMemory.ShouldBe(0);
    }

    [Fact]
    public async Task OrderedEndpoint_SendsOneAtATimeInIdOrder()
    {
        _lanes.Enqueue(Endpoint("ep_o", maxConcurrency: 5, ordered: true), Deliveries("ep_o", "d3", "d1", "d2"), T0.AddMinutes(5));
        await EngineHarness.Eventually(() => _started.Count == 1);
        _started.ShouldBe(["d1"]);
        Finish("d1");
        await EngineHarness.Eventually(() => _started.Count == 2);
        Finish("d2");
        await EngineHarness.Eventually(() => _started.Count == 3);
        _started.ShouldBe(["d1", "d2", "d3"]);
        Finish("d3");
    }

    [Fact]
    public async Task Close_ReturnsTheWaitingAndTheRunningSends_AndRefusesNewWork()
    {
        _lanes.Enqueue(Endpoint("ep_a", maxConcurrency: 1), Deliveries("ep_a", "d1", "d2"), T0.AddMinutes(5));
        await EngineHarness.Eventually(() => _started.Count == 1);

        var (waiting, sending) = _lanes.Close();

        waiting.ShouldBe(["d2"]);
        sending.Length.ShouldBe(1);
        _lanes.Enqueue(Endpoint("ep_b"), Deliveries("ep_b", "d9"), T0.AddMinutes(5)).ShouldBe(["d9"]);
        Finish("d1");
        await Task.WhenAll(sending);
        _started.ShouldBe(["d1"]);
        _lanes.InMemory.ShouldBe(0);
    }

    [Fact]
    public async Task TakeWaiting_TakesOnlyUnsentDeliveriesOutOfMemory()
    {
        _lanes.Enqueue(Endpoint("ep_a", maxConcurrency: 1), Deliveries("ep_a", "d1", "d2"), T0.AddMinutes(5));
        await EngineHarness.Eventually(() => _started.Count == 1);

        _lanes.TakeWaiting("ep_a").ShouldBe(["d2"]);
        _lanes.InMemory.ShouldBe(1);
        Finish("d1");
        await EngineHarness.Eventually(() => _lanes.InMemory == 0);
        _started.ShouldBe(["d1"]);
    }

    [Fact]
    public void Committed_SaysWhenTheMemoryCapHadBeenReached()
    {
        var capped = new LaneSet(maxInFlight: 2, defaultConcurrency: 1, backlogPerSlot: 5, (_, _) => new TaskCompletionSource().Task);
        capped.Enqueue(Endpoint("ep_a"), Deliveries("ep_a", "d1", "d2"), T0.AddMinutes(5));
        capped.ClaimLimit(100).ShouldBe(0);
        capped.Blocked.ShouldBeTrue();
        capped.Committed(1).ShouldBeTrue();
        capped.Committed(1).ShouldBeFalse();
    }
}
