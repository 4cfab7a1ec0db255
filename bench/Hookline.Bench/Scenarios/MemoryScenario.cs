using Hookline.Bench.Infra;
using Hookline.Testing.Processes;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Memory: the server's resident set while 1,000,000 deliveries (--quick: 100,000) wait for an endpoint
/// where nothing listens (every attempt fails to connect, so its circuit opens and the rows stay due),
/// sampled every second; the steady figure is the median of the second half of the samples.
/// Baseline: the same server idle on an empty store. (Every other scenario reports the server's peak RSS too.)
/// </summary>
public sealed class MemoryScenario : IScenario
{
    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var waiting = o.Quick ? 100_000 : 1_000_000;
        var sampleFor = TimeSpan.FromSeconds(Math.Max(20, o.DurationSeconds * 2));

        double idle, idleCpu;
        await using (var empty = await Deployment.CreateAsync(context, o.Store))
        {
            _ = await Setup.AppAsync(empty, new EndpointSpec(Setup.DeadUrl()));
            using var server = await empty.StartAsync(dispatcher: true);
            (idle, _, idleCpu, _) = await SampleAsync(empty, server, TimeSpan.FromSeconds(10), "idle server");
        }

        await using var d = await Deployment.CreateAsync(context, o.Store);
        var (appId, ids) = await Setup.AppAsync(d, new EndpointSpec(Setup.DeadUrl()));
        Progress.Say($"memory: seeding {waiting:N0} deliveries for a dead endpoint");
        await Seeder.BacklogAsync(d, appId, ids, waiting, StampReader.Payload(o.PayloadBytes));
        using (var server = await d.StartAsync(dispatcher: true))
        {
            var (steady, peak, cpu, databaseCpu) = await SampleAsync(d, server, sampleFor, $"{waiting:N0} waiting for a dead endpoint");
            var m = new Measure("memory", o.Store, $"steady RSS, {waiting:N0} deliveries waiting for a dead endpoint ({sampleFor.TotalSeconds:F0}s)",
                steady, "MiB", "idle server, empty store", idle, PeakRssMiB: peak);
            context.Add(m with { Target = "≤ 300 MB (286 MiB)", Met = steady * 1024 * 1024 <= 300_000_000 });
            var where = double.IsNaN(databaseCpu) ? "" : $"; PostgreSQL meanwhile {databaseCpu * 100:F1} % of a core";
            context.Add(new Measure("memory", o.Store, $"server CPU while {waiting:N0} deliveries wait (second half of the samples{where})", cpu * 100, "% of a core",
                "idle server, empty store", idleCpu * 100, PeakRssMiB: peak));
        }
    }

    /// <summary>Samples RSS every second; returns the median of the second half, the peak, and CPU cores used over the second half.</summary>
    private static async Task<(double Steady, double Peak, double Cpu, double DatabaseCpu)> SampleAsync(Deployment d, ServerProcess server, TimeSpan duration, string label)
    {
        var samples = new List<double>();
        double cpuAtHalf = double.NaN, databaseAtHalf = double.NaN, secondsAtHalf = 0;
        await using (Progress.Start($"memory, {label}", () => $"RSS {server.RssMiB():F0} MiB, peak {server.PeakRssMiB():F0} MiB"))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                await Task.Delay(1000);
                samples.Add(server.RssMiB());
                if (double.IsNaN(cpuAtHalf) && watch.Elapsed >= duration / 2)
                {
                    (cpuAtHalf, databaseAtHalf, secondsAtHalf) = (server.CpuSeconds(), await d.DatabaseCpuSecondsAsync(), watch.Elapsed.TotalSeconds);
                }
            }
            var seconds = watch.Elapsed.TotalSeconds - secondsAtHalf;
            var cpu = (server.CpuSeconds() - cpuAtHalf) / seconds;
            var databaseCpu = (await d.DatabaseCpuSecondsAsync() - databaseAtHalf) / seconds;
            return (Stats.Median(samples.Skip(samples.Count / 2)), server.PeakRssMiB(), cpu, databaseCpu);
        }
    }
}
