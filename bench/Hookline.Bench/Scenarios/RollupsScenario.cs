using System.Globalization;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Rollups: what adding to the analytics rollups costs the engine. In one run, rounds of a drain of
/// <c>--count</c> and a publish phase (fan-out 1, <c>--concurrency</c> publishers for <c>--duration</c>),
/// each on a fresh store (on PostgreSQL, after a checkpoint), alternate <c>Hookline:Analytics:Rollups</c>
/// on and off (on, off, then off, on, twice), so a drift of the machine's load hits both sides alike.
/// Each figure with rollups on is read against the same round's figure with them off, and the means of
/// all rounds likewise; target ≥ 95 % for the means. Audit entries have no part in either path (only
/// management API calls write them); each phase checks that its store holds none beyond its setup's.
/// </summary>
public sealed class RollupsScenario : IScenario
{
    private const int Rounds = 4;
    private const double Target = 0.95;
    private const string Setting = "Hookline:Analytics:Rollups";

    /// <summary>The management calls a phase's setup makes (one app, its endpoints); anything else in the audit log came from the measured path.</summary>
    private const string OtherAuditEntries = "SELECT COUNT(*) FROM audit_log WHERE action NOT IN ('app.created', 'endpoint.created')";

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var drains = new Dictionary<bool, List<DrainOutcome>> { [true] = [], [false] = [] };
        var publishes = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var round = 1; round <= Rounds; round++)
        {
            // A B, then B A: a phase that runs second (a warmer box, or a hotter one) favours neither side.
            var order = round % 2 == 1 ? new[] { true, false } : [false, true];
            foreach (var on in order)
            {
                drains[on].Add(await DrainAsync(context, on));
            }
            foreach (var on in order)
            {
                publishes[on].Add(await PublishAsync(context, on));
            }
            var (drainOn, drainOff) = (drains[true][^1], drains[false][^1]);
            var (publishOn, publishOff) = (publishes[true][^1], publishes[false][^1]);
            context.Add(new Measure("rollups", o.Store, $"round {round}: drain {drainOn.Deliveries:N0} with rollups, first → last received ({drainOn.Cpu})",
                drainOn.SteadyRate, "/s", $"rollups off ({drainOff.Cpu})", drainOff.SteadyRate, PeakRssMiB: drainOn.PeakRssMiB).AtLeast(Target));
            context.Add(new Measure("rollups", o.Store, $"round {round}: drain {drainOn.Deliveries:N0} with rollups, start → store empty",
                drainOn.Rate, "/s", "rollups off", drainOff.Rate, PeakRssMiB: drainOn.PeakRssMiB).AtLeast(Target));
            context.Add(new Measure("rollups", o.Store, $"round {round}: publish with rollups, messages accepted/s ({o.Concurrency} publishers, fan-out 1)",
                publishOn, "/s", "rollups off", publishOff).AtLeast(Target));
        }
        var mean = $"mean of {Rounds} rounds";
        context.Add(new Measure("rollups", o.Store, $"{mean}: drain with rollups, first → last received",
            drains[true].Average(d => d.SteadyRate), "/s", "rollups off", drains[false].Average(d => d.SteadyRate)).AtLeast(Target));
        context.Add(new Measure("rollups", o.Store, $"{mean}: drain with rollups, start → store empty",
            drains[true].Average(d => d.Rate), "/s", "rollups off", drains[false].Average(d => d.Rate)).AtLeast(Target));
        context.Add(new Measure("rollups", o.Store, $"{mean}: publish with rollups, messages accepted/s",
            publishes[true].Average(), "/s", "rollups off", publishes[false].Average()).AtLeast(Target));
        context.Note("rollups: audit entries are written only by management API calls (a publish is not audited, the engine writes none); "
            + "every phase's store held no audit entry beyond its setup's app and endpoint creation, so the figures measure the rollups alone.");
    }

    private static Dictionary<string, string> Settings(bool on) => new() { [Setting] = on ? "true" : "false" };

    private static string Label(bool on) => on ? "rollups on" : "rollups off";

    private static async Task<DrainOutcome> DrainAsync(BenchContext context, bool on)
    {
        await using var d = await Deployment.CreateAsync(context, context.Options.Store, Settings(on));
        var (outcome, _) = await DrainScenario.DrainOnAsync(context, d, context.Options.Count, nodes: 1, measureBaseline: false);
        await CheckNoAuditEntriesAsync(d, $"drain, {Label(on)}");
        Progress.Say($"drain, {Label(on)}: {outcome.SteadyRate:N0}/s first → last, {outcome.Rate:N0}/s start → empty");
        return outcome;
    }

    private static async Task<double> PublishAsync(BenchContext context, bool on)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store, Settings(on));
        var (appId, _) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", context.NewKey("rollups-publish"))));
        await d.CheckpointAsync();
        double messages;
        using (var server = await d.StartAsync(dispatcher: false))
        using (var api = new HooklineApi(server.BaseAddress))
        {
            (messages, _) = await PublishScenario.RateAsync(api, appId, StampReader.Payload(o.PayloadBytes), o, $"publish, {Label(on)}");
        }
        await CheckNoAuditEntriesAsync(d, $"publish, {Label(on)}");
        Progress.Say($"publish, {Label(on)}: {messages:N0} messages/s");
        return messages;
    }

    private static async Task CheckNoAuditEntriesAsync(Deployment d, string phase)
    {
        await using var connection = await d.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = OtherAuditEntries;
        var count = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        if (count != 0)
        {
            throw new InvalidOperationException($"{phase}: {count} audit entries beyond the setup's; the measured path is expected to write none");
        }
    }
}
