using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Isolation: a healthy endpoint drains a backlog alone, then again on a fresh store where every
/// message also goes to a second endpoint that never answers (each request hangs until the endpoint's
/// 5 s timeout). The figure is the healthy endpoint's throughput; the baseline is the run without the hanging endpoint.
/// </summary>
public sealed class IsolationScenario : IScenario
{
    private const int HangTimeoutSeconds = 5;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var count = Math.Max(1_000, o.Count / 5);
        var alone = await RunAsync(context, count, withHanging: false);
        var beside = await RunAsync(context, count, withHanging: true);
        context.Add(new Measure("isolation", o.Store, $"healthy endpoint deliveries/s ({count:N0}) beside one hanging endpoint, first → last",
            beside.SteadyRate, "/s", "same, healthy endpoint alone", alone.SteadyRate, PeakRssMiB: beside.PeakRssMiB).AtLeast(0.9));
        context.Add(new Measure("isolation", o.Store, $"healthy endpoint deliveries/s ({count:N0}) beside one hanging endpoint, start → done",
            beside.Rate, "/s", "same, healthy endpoint alone", alone.Rate, PeakRssMiB: beside.PeakRssMiB).AtLeast(0.9));
    }

    private static async Task<DrainOutcome> RunAsync(BenchContext context, int count, bool withHanging)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var key = context.NewKey("healthy");
        var specs = new List<EndpointSpec> { new(context.Receiver.Url("ok", key), o.Concurrency) };
        if (withHanging)
        {
            specs.Add(new EndpointSpec(context.Receiver.Url("hang", context.NewKey("hang")), TimeoutSeconds: HangTimeoutSeconds));
        }
        var (appId, endpointIds) = await Setup.AppAsync(d, [.. specs]);
        Progress.Say($"isolation: seeding {count:N0} messages to {endpointIds.Count} endpoint(s)");
        await Seeder.BacklogAsync(d, appId, endpointIds, count, StampReader.Payload(o.PayloadBytes));
        return await DrainRun.RunAsync(context, d, key, count, withHanging ? "healthy beside hanging" : "healthy alone",
            endpointIds: [endpointIds[0]]);
    }
}
