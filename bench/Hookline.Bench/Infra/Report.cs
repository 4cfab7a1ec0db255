using System.Globalization;
using System.Text.Json;

namespace Hookline.Bench.Infra;

/// <summary>The run's figures as a Markdown table for people and as JSON under <c>bench/results/</c> for tools.</summary>
public static class Report
{
    public static void Print(IReadOnlyList<Measure> measures, IReadOnlyList<string> notes, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| scenario | store | measure | Hookline | baseline (same run) | ratio | target | met | server peak RSS |");
        output.WriteLine("| --- | --- | --- | ---: | --- | ---: | --- | --- | ---: |");
        foreach (var m in measures)
        {
            var met = m.Met switch { true => "yes", false => "**no**", null => "" };
            var rss = double.IsNaN(m.PeakRssMiB) ? "" : $"{m.PeakRssMiB:F0} MiB";
            var ratio = double.IsNaN(m.Ratio) ? "" : m.Ratio >= 10 ? m.Ratio.ToString("N0", CultureInfo.InvariantCulture) + "×" : m.Ratio.ToString("P0", CultureInfo.InvariantCulture);
            var baseline = double.IsNaN(m.Baseline) ? m.BaselineWhat : $"{Number(m.Baseline)} {m.Unit} ({m.BaselineWhat})";
            output.WriteLine($"| {m.Scenario} | {m.Store} | {m.What} | {Number(m.Value)} {m.Unit} | {baseline} | {ratio} | {m.Target} | {met} | {rss} |");
        }
        if (notes.Count > 0)
        {
            output.WriteLine();
        }
        foreach (var note in notes)
        {
            output.WriteLine($"- {note}");
        }
    }

    public static string Write(BenchOptions options, IReadOnlyList<Measure> measures, IReadOnlyList<string> notes, string loadBefore, string loadAfter, TimeSpan elapsed)
    {
        var dir = Path.Combine(RepoRoot(), "bench", "results");
        Directory.CreateDirectory(dir);
        var name = options.Run.Count == 1 ? options.Run[0] : "all";
        var file = Path.Combine(dir, $"{name}-{options.Store}-{DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
        var json = new
        {
            machine = new { cores = Environment.ProcessorCount, cpu = CpuModel(), load_average_before = loadBefore, load_average_after = loadAfter },
            options = new
            {
                scenarios = options.Run,
                store = options.Store,
                quick = options.Quick,
                count = options.Count,
                duration_seconds = options.DurationSeconds,
                payload_bytes = options.PayloadBytes,
                concurrency = options.Concurrency,
                endpoints = options.Endpoints,
                rate = options.Rate,
                synchronous = options.Synchronous,
                postgres_fsync = options.PostgresDurable,
                settings = options.Extra,
            },
            elapsed_seconds = Math.Round(elapsed.TotalSeconds, 1),
            measures = measures.Select(m => new
            {
                scenario = m.Scenario,
                store = m.Store,
                measure = m.What,
                value = Round(m.Value),
                unit = m.Unit,
                baseline = Round(m.Baseline),
                baseline_measure = m.BaselineWhat,
                ratio = Round(m.Ratio, 3),
                target = m.Target,
                met = m.Met,
                server_peak_rss_mib = Round(m.PeakRssMiB),
            }),
            notes,
        };
        File.WriteAllText(file, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        return file;
    }

    private static double? Round(double value, int digits = 2) => double.IsNaN(value) || double.IsInfinity(value) ? null : Math.Round(value, digits);

    private static string Number(double value) => double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : value.ToString("F2", CultureInfo.InvariantCulture);

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hookline.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
