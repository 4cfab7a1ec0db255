using System.Diagnostics;
using Hookline.Bench.Infra;
using Hookline.Testing.Processes;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Export: 1,000,000 finished deliveries (--quick: 100,000) streamed as CSV and as JSON from
/// <c>…/exports/deliveries.csv|json</c>, read by the client as fast as it can. Figures: rows per
/// second, and the server's resident set before and at its peak during the export (flat memory means
/// the peak stays near the start, whatever the row count). Target: ≥ 50,000 rows/s.
/// </summary>
public sealed class ExportScenario : IScenario
{
    public const double TargetRowsPerSecond = 50_000;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var rows = o.Quick ? 100_000 : 1_000_000;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var (appId, ids) = await Setup.AppAsync(d, new EndpointSpec(Setup.DeadUrl()));
        Progress.Say($"export: seeding {rows:N0} finished deliveries");
        await Seeder.FinishedAsync(d, appId, ids[0], rows);
        using var server = await d.StartAsync(dispatcher: false);
        using var api = new HooklineApi(server.BaseAddress);
        api.Client.Timeout = TimeSpan.FromMinutes(30);

        var (jsonRate, _, _, _) = await ExportAsync(api, server, appId, "json", rows);
        var (csvRate, rssBefore, rssPeak, csvCpu) = await ExportAsync(api, server, appId, "csv", rows);
        context.Add(new Measure("export", o.Store, $"CSV export of {rows:N0} deliveries, streamed", csvRate, "rows/s",
            "JSON export of the same rows", jsonRate, $"≥ {TargetRowsPerSecond:N0} rows/s", csvRate >= TargetRowsPerSecond, server.PeakRssMiB()));
        context.Add(new Measure("export", o.Store, $"server RSS at its peak during the CSV export of {rows:N0} rows", rssPeak, "MiB",
            "RSS just before the export", rssBefore, "≤ 64 MiB above the start", rssPeak - rssBefore <= 64, server.PeakRssMiB()));
        // On a shared, loaded machine wall-clock rates say more about the neighbours than about Hookline:
        // rows per second of the server's own CPU is the figure that carries over to an idle core.
        context.Add(new Measure("export", o.Store, $"CSV export of {rows:N0} deliveries per second of server CPU", rows / csvCpu, "rows/CPU-s",
            "wall-clock rate of the same export", csvRate, $"≥ {TargetRowsPerSecond:N0} rows/CPU-s", rows / csvCpu >= TargetRowsPerSecond, server.PeakRssMiB()));
    }

    private static async Task<(double RowsPerSecond, double RssBefore, double RssPeak, double CpuSeconds)> ExportAsync(HooklineApi api, ServerProcess server, string appId,
        string format, int expected)
    {
        var before = server.RssMiB();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.RssMiB());
                await Task.Delay(200);
            }
        });
        var cpuBefore = server.CpuSeconds();
        var watch = Stopwatch.StartNew();
        long lines = 0, bytes = 0;
        await using (Progress.Start($"export {format}", () => $"{bytes / (1024.0 * 1024):F0} MiB read"))
        {
            using var response = await api.Client.GetAsync($"/api/v1/apps/{appId}/exports/deliveries.{format}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await body.ReadAsync(buffer)) > 0)
            {
                bytes += n;
                // CSV: one line per row plus the header; JSON: one object per row, each closing with "}".
                lines += buffer.AsSpan(0, n).Count(format == "csv" ? (byte)'\n' : (byte)'}');
            }
        }
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        var counted = format == "csv" ? lines - 1 : lines;
        if (counted != expected)
        {
            throw new InvalidOperationException($"the {format} export had {counted} rows, expected {expected}");
        }
        Progress.Say($"export {format}: {expected:N0} rows, {bytes / (1024.0 * 1024):F1} MiB in {watch.Elapsed.TotalSeconds:F1}s; RSS {before:F0} → peak {peak:F0} MiB");
        return (expected / watch.Elapsed.TotalSeconds, before, peak, server.CpuSeconds() - cpuBefore);
    }
}
