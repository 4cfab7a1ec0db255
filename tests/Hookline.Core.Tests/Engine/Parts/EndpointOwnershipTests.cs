using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine.Parts;

/// <summary>Two nodes' ownership of endpoints on one real SQLite store, on a fake clock.</summary>
public sealed class EndpointOwnershipTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private EndpointOwnership Node(EngineHarness h, string nodeId, RateWindowRegistry rates) =>
        new(h.Store.Queue, rates, _clock, nodeId, Lease, NullLogger.Instance);

    [Fact]
    public async Task AnEndpointHeldByOneNode_IsRefusedToAnother()
    {
        await using var h = await EngineHarness.CreateAsync(_clock);
        var (endpoint, _) = await h.AddEndpointAsync("/a", e => e with { MaxConcurrency = 1 });
        var a = Node(h, "node-a", new RateWindowRegistry(_clock));
        var b = Node(h, "node-b", new RateWindowRegistry(_clock));

        (await a.TakeAsync([endpoint])).ShouldBeEmpty();
        (await b.TakeAsync([endpoint])).ShouldBe([endpoint.Id]);
        a.Owns(endpoint.Id).ShouldBeTrue();
        b.Owns(endpoint.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task KeepAsync_GivesUpEndpointsWithoutWork_SoAnotherNodeCanTakeThem()
    {
        await using var h = await EngineHarness.CreateAsync(_clock);
        var (endpoint, _) = await h.AddEndpointAsync("/a", e => e with { MaxConcurrency = 1 });
        var a = Node(h, "node-a", new RateWindowRegistry(_clock));
        var b = Node(h, "node-b", new RateWindowRegistry(_clock));
        await a.TakeAsync([endpoint]);

        (await a.KeepAsync(_ => true)).ShouldBeEmpty();
        (await b.TakeAsync([endpoint])).ShouldBe([endpoint.Id]);

        _clock.Advance(Lease / 3);
        (await a.KeepAsync(_ => false)).ShouldBeEmpty();
        a.Owns(endpoint.Id).ShouldBeFalse();
        (await b.TakeAsync([endpoint])).ShouldBeEmpty();
    }

    [Fact]
    public async Task KeepAsync_ReportsAnEndpointLostToAnotherNode()
    {
        await using var h = await EngineHarness.CreateAsync(_clock);
        var (endpoint, _) = await h.AddEndpointAsync("/a", e => e with { MaxConcurrency = 1 });
        var a = Node(h, "node-a", new RateWindowRegistry(_clock));
        var b = Node(h, "node-b", new RateWindowRegistry(_clock));
        await a.TakeAsync([endpoint]);

        // node-a stalls past its lease; node-b takes the endpoint meanwhile.
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        (await b.TakeAsync([endpoint])).ShouldBeEmpty();

        (await a.KeepAsync(_ => true)).ShouldBe([endpoint.Id]);
        a.Owns(endpoint.Id).ShouldBeFalse();
    }

    [Fact]
    public async Task AHandOver_CarriesTheRateWindowsQuietTime()
    {
        await using var h = await EngineHarness.CreateAsync(_clock);
        var (endpoint, _) = await h.AddEndpointAsync("/a", e => e with { RateLimitPerSecond = 2 });
        var ratesA = new RateWindowRegistry(_clock);
        var ratesB = new RateWindowRegistry(_clock);
        var a = Node(h, "node-a", ratesA);
        var b = Node(h, "node-b", ratesB);
        await a.TakeAsync([endpoint]);
        ratesA.TryTake(endpoint.Id, 2, out _).ShouldBeTrue();
        ratesA.TryTake(endpoint.Id, 2, out _).ShouldBeTrue();
        await a.KeepAsync(_ => false);

        (await b.TakeAsync([endpoint])).ShouldBeEmpty();

        // node-a's two starts still count for node-b until their window has passed.
        ratesB.TryTake(endpoint.Id, 2, out var wait).ShouldBeFalse();
        wait.ShouldBeGreaterThan(TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromSeconds(1));
        ratesB.TryTake(endpoint.Id, 2, out _).ShouldBeTrue();
    }

    [Fact]
    public void NeedsOwner_OnlyForEndpointsWithLimitsOrOrdering()
    {
        var now = _clock.GetUtcNow();
        var plain = new Hookline.Core.Endpoints.Endpoint { Id = "ep_1", AppId = "app_1", Url = "https://example.com", CreatedAt = now, UpdatedAt = now };
        EndpointOwnership.NeedsOwner(plain).ShouldBeFalse();
        EndpointOwnership.NeedsOwner(plain with { Ordered = true }).ShouldBeTrue();
        EndpointOwnership.NeedsOwner(plain with { MaxConcurrency = 3 }).ShouldBeTrue();
        EndpointOwnership.NeedsOwner(plain with { RateLimitPerSecond = 5 }).ShouldBeTrue();
    }
}
