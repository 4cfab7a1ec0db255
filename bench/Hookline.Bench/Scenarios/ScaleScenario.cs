using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Scale-out: the same backlog drained on PostgreSQL by 1, 2 and 3 nodes (child processes with their own
/// port and NodeId on one database), beside one SQLite node, all read against the plain HttpClient loop
/// measured in the same run. Limits are per node today, so n nodes may send n x max_concurrency at once.
/// </summary>
public sealed class ScaleScenario : IScenario
{
    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var count = Math.Max(2_000, o.Count / 2);
        var (sqlite, baseline) = await DrainScenario.DrainAsync(context, "sqlite", count, nodes: 1);
        context.Add(Row(o, "sqlite, 1 node", sqlite, baseline));
        DrainOutcome? one = null;
        for (var nodes = 1; nodes <= 3; nodes++)
        {
            var (outcome, _) = await DrainScenario.DrainAsync(context, "postgres", count, nodes, measureBaseline: false);
            one ??= outcome;
            context.Add(Row(o, $"postgres, {nodes} node{(nodes > 1 ? "s" : "")}", outcome, baseline));
            if (nodes > 1)
            {
                context.Add(new Measure("scale", "postgres", $"{nodes} nodes ÷ 1 node, first → last", outcome.SteadyRate, "/s",
                    "postgres, 1 node", one.SteadyRate, PeakRssMiB: outcome.PeakRssMiB));
            }
        }
    }

    private static Measure Row(BenchOptions o, string what, DrainOutcome outcome, double baseline) =>
        new("scale", what.Split(',')[0], $"drain {outcome.Deliveries:N0}, {what}: deliveries/s, first → last (start → empty {outcome.Rate:N0}/s; {outcome.Cpu})",
            outcome.SteadyRate, "/s", $"plain HttpClient loop, {o.Endpoints * o.Concurrency} workers", baseline, PeakRssMiB: outcome.PeakRssMiB);
}
