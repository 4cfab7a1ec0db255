using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Hangfire baseline: the same backlog as the drain, as one Hangfire.PostgreSql job per delivery (its own
/// retries) on the run's PostgreSQL server, worked off by a Hangfire server in the bench process with
/// <c>--concurrency</c> workers. Enqueueing is not timed; the server is timed from its start until the
/// receiver has every job. Read against the plain loop, and Hookline's PostgreSQL drain is read against it:
/// the drain scenario's figure when it ran on PostgreSQL at the same count earlier in this run, else a
/// drain this scenario runs itself.
/// </summary>
public sealed class HangfireScenario : IScenario
{
    private const string Store = "postgres";

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var durability = o.PostgresDurable ? "fsync on" : "fsync off";
        var hookline = SameRunDrain(context);
        DrainOutcome? ownDrain = null;
        if (hookline is null)
        {
            Progress.Say($"hangfire: no PostgreSQL drain of {o.Count:N0} in this run yet; running one to compare with");
            (ownDrain, _) = await DrainScenario.DrainAsync(context, Store, o.Count, nodes: 1, measureBaseline: false);
            hookline = new HooklineDrain(ownDrain.Rate, ownDrain.SteadyRate, $"Hookline drain {ownDrain.Deliveries:N0}, 1 node, {durability}, measured by this scenario");
        }

        double baseline;
        using (var loop = new BaselineLoop(context.Receiver, context.NewKey("plain"), o.PayloadBytes))
        {
            baseline = await loop.RateAsync(o.Count, o.Concurrency);
        }
        Progress.Say($"plain HttpClient loop: {baseline:N0} requests/s with {o.Concurrency} workers");
        var plain = $"plain HttpClient loop, {o.Concurrency} workers";
        if (ownDrain is not null)
        {
            context.Add(new Measure("hangfire", Store, $"{hookline.What}: deliveries/s, start → store empty", ownDrain.Rate, "/s",
                plain, baseline, PeakRssMiB: ownDrain.PeakRssMiB));
            context.Add(new Measure("hangfire", Store, $"{hookline.What}: deliveries/s, first → last received ({ownDrain.Cpu})", ownDrain.SteadyRate, "/s",
                plain, baseline, PeakRssMiB: ownDrain.PeakRssMiB));
        }

        var hangfire = await HangfireRun.RunAsync(context, context.NewKey("hangfire"), o.Count, o.Concurrency, o.PayloadBytes);
        var label = $"Hangfire.PostgreSql {hangfire.Jobs:N0} jobs ({o.Concurrency} workers, {durability}, enqueueing {hangfire.Enqueueing.TotalSeconds:F0} s not timed)";
        context.Add(new Measure("hangfire", Store, $"{label}: deliveries/s, server start → queue empty", hangfire.Rate, "/s", plain, baseline));
        context.Add(new Measure("hangfire", Store, $"{label}: deliveries/s, first → last received ({hangfire.Cpu})", hangfire.SteadyRate, "/s", plain, baseline));
        if (hangfire.Received > hangfire.Jobs)
        {
            Progress.Say($"hangfire: the receiver counted {hangfire.Received - hangfire.Jobs:N0} request(s) beyond one per job (retries)");
        }

        // Hookline's start → empty includes starting its node process, Hangfire's only starting its server in a warm
        // process; first → last leaves both start-ups out, so both ratios are given and both must reach the target.
        context.Add(Times(hookline.What, "start → empty", hookline.Rate, "server start → queue empty", hangfire.Rate));
        context.Add(Times(hookline.What, "first → last received", hookline.SteadyRate, "first → last received", hangfire.SteadyRate));
    }

    private static Measure Times(string what, string span, double hookline, string hangfireSpan, double hangfire)
    {
        const double Target = 20;
        return new Measure("hangfire", Store, $"{what}: deliveries/s, {span}, ÷ Hangfire", hookline, "/s",
            $"Hangfire.PostgreSql, {hangfireSpan}", hangfire, Target: $"≥ {Target:0}× baseline", Met: hookline / hangfire >= Target);
    }

    /// <summary>The drain scenario's PostgreSQL figures at this run's count, when it ran before this scenario.</summary>
    private static HooklineDrain? SameRunDrain(BenchContext context)
    {
        var o = context.Options;
        Measure? Row(string span) => context.Measures.LastOrDefault(m => m.Scenario == "drain" && m.Store == Store
            && m.What.StartsWith($"drain {o.Count:N0} ", StringComparison.Ordinal) && m.What.Contains(span, StringComparison.Ordinal));
        return Row("start → store empty") is { } toEmpty && Row("first → last received") is { } steady
            ? new HooklineDrain(toEmpty.Value, steady.Value, $"Hookline {toEmpty.What.Split(':')[0]}, {(o.PostgresDurable ? "fsync on" : "fsync off")}, from the drain scenario")
            : null;
    }

    private sealed record HooklineDrain(double Rate, double SteadyRate, string What);
}
