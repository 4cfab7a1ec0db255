using Dapper;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Backlog growth: does a long history of finished deliveries slow the engine? On a store holding
/// 10^3 finished rows (each with its attempt), and on one holding 10^6 (--quick: 10^5), the claim
/// statement is timed against 50 due rows; then the history is brought to 10^4 and 10^6 and a fresh
/// backlog is drained on each. The figures for the large history are read against the small one.
/// </summary>
public sealed class BacklogScenario : IScenario
{
    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var large = o.Quick ? 100_000 : 1_000_000;
        var backlog = Math.Max(2_000, o.Count / 5);
        var (smallClaim, smallDrain) = await RunAsync(context, claimAt: 1_000, drainAt: 10_000, backlog);
        var (largeClaim, largeDrain) = await RunAsync(context, claimAt: large, drainAt: large, backlog);
        context.Add(new Measure("backlog", o.Store, $"drain {backlog:N0} deliveries/s with {large:N0} finished rows, first → last",
            largeDrain.SteadyRate, "/s", "same with 10,000 finished rows", smallDrain.SteadyRate, PeakRssMiB: largeDrain.PeakRssMiB).AtLeast(0.8));
        context.Add(new Measure("backlog", o.Store, $"drain {backlog:N0} deliveries/s with {large:N0} finished rows, start → store empty",
            largeDrain.Rate, "/s", "same with 10,000 finished rows", smallDrain.Rate, PeakRssMiB: largeDrain.PeakRssMiB).AtLeast(0.8));
        var how = o.Store == "postgres" ? "EXPLAIN ANALYZE execution time" : "timed, rolled back";
        context.Add(new Measure("backlog", o.Store, $"claim of 100 (50 due) with {large:N0} finished rows, median of 15 ({how}; plan: {largeClaim.Plan})",
            largeClaim.MedianMs, "ms", "same with 1,000 finished rows", smallClaim.MedianMs));
    }

    private static async Task<(ClaimTimer.Timing Claim, DrainOutcome Drain)> RunAsync(BenchContext context, int claimAt, int drainAt, int backlog)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var key = context.NewKey("backlog");
        var (appId, ids) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", key), o.Concurrency));
        Progress.Say($"backlog: seeding {claimAt:N0} finished deliveries");
        await Seeder.FinishedAsync(d, appId, ids[0], claimAt);
        await Seeder.BacklogAsync(d, appId, ids, 50, "{}");
        var claim = await ClaimTimer.MeasureAsync(d);
        Progress.Say($"backlog: claim with {claimAt:N0} finished rows: {claim.MedianMs:F2} ms ({claim.Plan})");
        await using (var c = await d.OpenAsync())
        {
            await c.ExecuteAsync("DELETE FROM deliveries WHERE id LIKE 'dlv_0BENCH%'");
            await c.ExecuteAsync("DELETE FROM messages WHERE id LIKE 'msg_0BENCH%'");
        }
        if (drainAt > claimAt)
        {
            await Seeder.FinishedAsync(d, appId, ids[0], drainAt - claimAt, from: claimAt + 1);
        }
        await Seeder.BacklogAsync(d, appId, ids, backlog, StampReader.Payload(o.PayloadBytes));
        var drain = await DrainRun.RunAsync(context, d, key, backlog, $"drain beside {drainAt:N0} finished rows");
        return (claim, drain);
    }
}
