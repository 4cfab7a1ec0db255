using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Scale-out: the same backlog drained on PostgreSQL by 1, 2 and 3 nodes (child processes with their own
/// port and NodeId on one database), beside one SQLite node, all read against the plain HttpClient loop
/// measured in the same run. An endpoint with a concurrency limit is sent to by one node at a time (the
/// holder of its endpoint lease), so the backlog is spread over <see cref="Endpoints"/> endpoints (at least
/// <c>--endpoints</c>) sharing <c>--concurrency</c> between them: every node count has work it can take.
/// </summary>
public sealed class ScaleScenario : IScenario
{
    /// <summary>Endpoints the backlog is spread over: 2 and 3 nodes can each own a share of 6.</summary>
    private const int Endpoints = 6;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var count = Math.Max(2_000, o.Count / 2);
        var endpoints = Math.Max(Endpoints, o.Endpoints);
        var spread = (endpoints, Math.Max(1, (o.Concurrency + endpoints - 1) / endpoints));
        var (sqlite, baseline) = await DrainScenario.DrainAsync(context, "sqlite", count, nodes: 1, spread: spread);
        context.Add(Row(spread, "sqlite, 1 node", sqlite, baseline));
        DrainOutcome? one = null;
        for (var nodes = 1; nodes <= 3; nodes++)
        {
            var (outcome, _) = await DrainScenario.DrainAsync(context, "postgres", count, nodes, measureBaseline: false, spread: spread);
            one ??= outcome;
            context.Add(Row(spread, $"postgres, {nodes} node{(nodes > 1 ? "s" : "")}", outcome, baseline));
            if (nodes > 1)
            {
                context.Add(new Measure("scale", "postgres", $"{nodes} nodes ÷ 1 node, first → last", outcome.SteadyRate, "/s",
                    "postgres, 1 node", one.SteadyRate, PeakRssMiB: outcome.PeakRssMiB));
            }
        }
    }

    private static Measure Row((int Endpoints, int Concurrency) spread, string what, DrainOutcome outcome, double baseline) =>
        new("scale", what.Split(',')[0],
            $"drain {outcome.Deliveries:N0} over {spread.Endpoints} endpoints x max_concurrency {spread.Concurrency}, {what}: deliveries/s, first → last (start → empty {outcome.Rate:N0}/s; {outcome.Cpu})",
            outcome.SteadyRate, "/s", $"plain HttpClient loop, {spread.Endpoints * spread.Concurrency} workers", baseline, PeakRssMiB: outcome.PeakRssMiB);
}
