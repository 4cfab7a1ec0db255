using Hookline.Core.Engine;
using Hookline.Core.Protection;

namespace Hookline.Core.Monitoring;

/// <summary>What the dashboard shows: traffic, backlog and failing endpoints with their circuits.</summary>
public sealed record DashboardView(MonitoringWindow Window, IReadOnlyList<TrafficBucket> Traffic, Backlog Backlog, IReadOnlyList<EndpointHealth> Failing)
{
    public long Messages => Traffic.Sum(b => b.Messages);
    public long Attempts => Traffic.Sum(b => b.Attempts);
    public double? SuccessRate => Attempts == 0 ? null : (double)Traffic.Sum(b => b.SucceededAttempts) / Attempts;
}

public sealed record EndpointHealth(FailingEndpoint Endpoint, CircuitSnapshot? Circuit)
{
    public bool CircuitOpen => Circuit?.State is CircuitState.Open or CircuitState.HalfOpen;
}

/// <summary>Puts the store's monitoring answers together with the circuits this node's engine holds.</summary>
public sealed class DashboardQueries(IMonitoringQueries queries, ICircuitStates circuits, TimeProvider clock)
{
    public const int FailingLimit = 20;

    public async Task<DashboardView> ReadAsync(string? appId, MonitoringWindow window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = window.Since(now);
        var traffic = await queries.TrafficAsync(appId, since, window.Bucket, window.Buckets, ct).ConfigureAwait(false);
        var backlog = await queries.BacklogAsync(appId, now, ct).ConfigureAwait(false);
        var failing = await queries.FailingEndpointsAsync(appId, since, FailingLimit, ct).ConfigureAwait(false);
        var health = failing.Select(f => new EndpointHealth(f, circuits.Find(f.EndpointId)))
            .OrderByDescending(h => h.CircuitOpen)
            .ThenByDescending(h => h.Endpoint.FailedAttempts)
            .ToList();
        return new DashboardView(window, traffic, backlog, health);
    }
}
