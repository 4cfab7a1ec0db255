using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Drain: a backlog of pending deliveries is written straight into the store, then a node with the
/// engine on is started and timed until the receiver has every delivery and the store has none left.
/// Baseline: a plain HttpClient loop sending as many like requests with as many workers as the endpoints allow.
/// </summary>
public sealed class DrainScenario : IScenario
{
    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var outcome = await DrainAsync(context, o.Store, o.Count, nodes: 1);
        var label = $"drain {outcome.Outcome.Deliveries:N0} ({o.Endpoints} endpoint x max_concurrency {o.Concurrency}, {o.Synchronous})";
        context.Add(new Measure("drain", o.Store, $"{label}: deliveries/s, start → store empty", outcome.Outcome.Rate, "/s",
            "plain HttpClient loop", outcome.Baseline, PeakRssMiB: outcome.Outcome.PeakRssMiB).AtLeast(0.6));
        context.Add(new Measure("drain", o.Store, $"{label}: deliveries/s, first → last received ({outcome.Outcome.Cpu})", outcome.Outcome.SteadyRate, "/s",
            "plain HttpClient loop", outcome.Baseline, PeakRssMiB: outcome.Outcome.PeakRssMiB).AtLeast(0.6));
    }

    /// <summary>
    /// Seeds <paramref name="count"/> deliveries over the configured endpoints (or <paramref name="spread"/>'s endpoints,
    /// each with its max_concurrency) on a fresh store, measures the plain loop, and drains.
    /// </summary>
    public static async Task<(DrainOutcome Outcome, double Baseline)> DrainAsync(BenchContext context, string store, int count, int nodes,
        bool measureBaseline = true, (int Endpoints, int Concurrency)? spread = null)
    {
        await using var d = await Deployment.CreateAsync(context, store);
        return await DrainOnAsync(context, d, count, nodes, measureBaseline, spread);
    }

    /// <summary><see cref="DrainAsync"/> on a fresh deployment of the caller's, which may read the store afterwards.</summary>
    public static async Task<(DrainOutcome Outcome, double Baseline)> DrainOnAsync(BenchContext context, Deployment d, int count, int nodes,
        bool measureBaseline = true, (int Endpoints, int Concurrency)? spread = null)
    {
        var o = context.Options;
        var (endpoints, concurrency) = spread ?? (o.Endpoints, o.Concurrency);
        var store = d.Store;
        var key = context.NewKey("drain");
        var specs = Enumerable.Range(0, endpoints).Select(e => new EndpointSpec(context.Receiver.Url("ok", $"{key}{e}"), concurrency)).ToArray();
        var (appId, endpointIds) = await Setup.AppAsync(d, specs);
        var messages = (count + endpoints - 1) / endpoints;
        var total = (long)messages * endpoints;
        Progress.Say($"{store}: seeding {total:N0} pending deliveries");
        await Seeder.BacklogAsync(d, appId, endpointIds, messages, StampReader.Payload(o.PayloadBytes));
        var baseline = double.NaN;
        if (measureBaseline)
        {
            using var loop = new BaselineLoop(context.Receiver, context.NewKey("plain"), o.PayloadBytes);
            baseline = await loop.RateAsync(total, endpoints * concurrency);
            Progress.Say($"plain HttpClient loop: {baseline:N0} requests/s with {endpoints * concurrency} workers");
        }
        var outcome = await DrainRun.RunAsync(context, d, key, total, $"drain {store}, {nodes} node(s)", nodes);
        return (outcome, baseline);
    }
}
