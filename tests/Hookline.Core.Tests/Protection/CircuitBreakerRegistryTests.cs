using Hookline.Core.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Protection;

public sealed class CircuitBreakerRegistryTests
{
    private readonly CircuitBreakerRegistry _registry = new(new CircuitBreakerOptions { ConsecutiveFailureThreshold = 1 }, new FakeTimeProvider());

    [Fact]
    public void Get_ReturnsTheSameBreakerPerEndpoint_AndSeparateOnesAcrossEndpoints()
    {
        _registry.Get("ep_a").ShouldBeSameAs(_registry.Get("ep_a"));

        _registry.Get("ep_a").RecordFailure();

        _registry.Get("ep_a").State.ShouldBe(CircuitState.Open);
        _registry.Get("ep_b").State.ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public void StateChanged_ForwardsChangesOfEveryEndpoint()
    {
        var changes = new List<CircuitStateChangedEventArgs>();
        _registry.StateChanged += (_, e) => changes.Add(e);

        _registry.Get("ep_a").RecordFailure();
        _registry.Get("ep_b").RecordFailure();

        changes.Select(c => c.EndpointId).ShouldBe(["ep_a", "ep_b"]);
    }

    [Fact]
    public void Remove_ForgetsTheEndpointsCircuit()
    {
        _registry.Get("ep_a").RecordFailure();

        _registry.Remove("ep_a").ShouldBeTrue();

        _registry.TryGet("ep_a", out _).ShouldBeFalse();
        _registry.Get("ep_a").State.ShouldBe(CircuitState.Closed);
        _registry.Snapshots().ShouldHaveSingleItem().EndpointId.ShouldBe("ep_a");
    }

    [Fact]
    public void Constructor_RefusesInvalidOptions_BeforeAnyEndpointIsSeen() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new CircuitBreakerRegistry(new CircuitBreakerOptions { MinimumThroughput = 0 }, new FakeTimeProvider()));
}
