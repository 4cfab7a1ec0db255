using System.Globalization;
using System.Text.Json;

namespace Hookline.Bench;

/// <summary>The drain result as a table for people and as JSON under <c>bench/results/</c> for tools.</summary>
public static class DrainReport
{
    public static void Print(DrainResult r, TextWriter output)
    {
        var o = r.Options;
        output.WriteLine();
        output.WriteLine($"drain: {r.Deliveries} deliveries, {o.Endpoints} endpoint(s) x max_concurrency {o.Concurrency}, payload {o.PayloadBytes} B, synchronous {o.Synchronous}");
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("| --- | ---: |");
        output.WriteLine($"| Hookline deliveries/s (process start → store empty) | {r.HooklineRate:F0} |");
        output.WriteLine($"| Hookline deliveries/s (first → last delivery received) | {r.HooklineSteadyRate:F0} |");
        output.WriteLine($"| baseline deliveries/s (plain HttpClient loop) | {r.BaselineRate:F0} |");
        output.WriteLine($"| ratio Hookline / baseline | {r.HooklineRate / r.BaselineRate:P0} |");
        output.WriteLine($"| ratio, steady state | {r.HooklineSteadyRate / r.BaselineRate:P0} |");
        output.WriteLine($"| server peak RSS (VmHWM) | {r.ServerPeakRssMiB:F0} MiB |");
        output.WriteLine($"| server ready / first delivery / last received / store empty | {r.ServerReady.TotalSeconds:F2} / {r.FirstDelivery.TotalSeconds:F2} / {r.LastReceived.TotalSeconds:F2} / {r.Drain.TotalSeconds:F2} s |");
    }

    public static string Write(DrainResult r)
    {
        var dir = Path.Combine(RepoRoot(), "bench", "results");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"drain-{DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
        var json = new
        {
            scenario = "drain",
            machine = new { cores = Environment.ProcessorCount, cpu = CpuModel() },
            options = new { count = r.Deliveries, concurrency = r.Options.Concurrency, endpoints = r.Options.Endpoints, payload_bytes = r.Options.PayloadBytes, synchronous = r.Options.Synchronous, extra = r.Options.Extra },
            hookline_per_second = Math.Round(r.HooklineRate, 1),
            hookline_steady_per_second = Math.Round(r.HooklineSteadyRate, 1),
            baseline_per_second = Math.Round(r.BaselineRate, 1),
            ratio = Math.Round(r.HooklineRate / r.BaselineRate, 3),
            steady_ratio = Math.Round(r.HooklineSteadyRate / r.BaselineRate, 3),
            server_peak_rss_mib = Math.Round(r.ServerPeakRssMiB, 1),
            seconds = new { ready = r.ServerReady.TotalSeconds, first_delivery = r.FirstDelivery.TotalSeconds, last_received = r.LastReceived.TotalSeconds, store_empty = r.Drain.TotalSeconds, baseline = r.Baseline.TotalSeconds },
            received = r.ReceiverCount,
        };
        File.WriteAllText(file, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        return file;
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hookline.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
