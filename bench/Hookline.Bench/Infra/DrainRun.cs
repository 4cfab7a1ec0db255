using System.Diagnostics;
using Hookline.Testing.Processes;

namespace Hookline.Bench.Infra;

/// <summary>The outcome of draining a seeded backlog.</summary>
public sealed record DrainOutcome(long Deliveries, TimeSpan ToEmpty, TimeSpan Ready, double FirstToLastSeconds, double PeakRssMiB,
    double NodeCpuSeconds, double DatabaseCpuSeconds)
{
    /// <summary>Where the CPU went: the nodes' CPU per delivery (after start-up) and, on PostgreSQL, the database server's.</summary>
    public string Cpu => $"CPU/delivery: nodes {NodeCpuSeconds * 1000 / Deliveries:F2} ms"
        + (double.IsNaN(DatabaseCpuSeconds) ? "" : $", PostgreSQL {DatabaseCpuSeconds * 1000 / Deliveries:F2} ms");

    /// <summary>Deliveries per second from the nodes' start until the store had none left to send.</summary>
    public double Rate => Deliveries / ToEmpty.TotalSeconds;

    /// <summary>Deliveries per second from the first to the last one received (start-up left out).</summary>
    public double SteadyRate => Deliveries / FirstToLastSeconds;
}

public static class DrainRun
{
    /// <summary>
    /// Starts <paramref name="nodes"/> nodes with the engine on, waits until the receiver has counted
    /// <paramref name="total"/> requests under <paramref name="key"/> and the store has nothing left to
    /// send (for <paramref name="endpointIds"/>, or at all), and stops the nodes.
    /// </summary>
    public static async Task<DrainOutcome> RunAsync(BenchContext context, Deployment d, string key, long total, string label,
        int nodes = 1, IReadOnlyList<string>? endpointIds = null)
    {
        var databaseCpu = await d.DatabaseCpuSecondsAsync();
        var watch = Stopwatch.StartNew();
        var processes = new List<ServerProcess>();
        try
        {
            var starting = Enumerable.Range(1, nodes).Select(n => d.StartAsync(dispatcher: true, nodeId: $"bench-node-{n}")).ToList();
            try
            {
                processes.AddRange(await Task.WhenAll(starting));
            }
            catch
            {
                processes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                throw;
            }
            var ready = watch.Elapsed;
            // Start-up (JIT, migrations check) is left out of the CPU figure.
            var nodeCpuAtReady = processes.Sum(p => p.CpuSeconds());
            var receiver = context.Receiver;
            await using (Progress.Start(label, () =>
            {
                var (count, first, _) = receiver.Sum(key);
                var rate = first == 0 ? 0 : count / Stats.Seconds(first, Stopwatch.GetTimestamp());
                return $"{count:N0}/{total:N0} delivered, {rate:N0}/s, server RSS {string.Join(" + ", processes.Select(p => $"{p.RssMiB():F0}"))} MiB";
            }))
            {
                await Until(() =>
                {
                    processes.ForEach(p => p.ThrowIfExited());
                    return Task.FromResult(receiver.Sum(key).Count >= total);
                }, TimeSpan.FromMinutes(30), "the receiver to count every delivery");
                await Until(async () => await Seeder.RemainingAsync(d, endpointIds) == 0, TimeSpan.FromMinutes(5), "the store to show nothing left to send");
            }
            var toEmpty = watch.Elapsed;
            var (_, firstAt, lastAt) = receiver.Sum(key);
            var nodeCpu = processes.Sum(p => p.CpuSeconds()) - nodeCpuAtReady;
            databaseCpu = await d.DatabaseCpuSecondsAsync() - databaseCpu;
            return new DrainOutcome(total, toEmpty, ready, Stats.Seconds(firstAt, lastAt), processes.Max(p => p.PeakRssMiB()), nodeCpu, databaseCpu);
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
        }
    }

    public static async Task Until(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"timed out after {within} waiting for {what}");
            }
            await Task.Delay(20);
        }
    }
}
