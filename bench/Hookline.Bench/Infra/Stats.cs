using System.Diagnostics;

namespace Hookline.Bench.Infra;

public static class Stats
{
    /// <summary>The nearest-rank percentile of stopwatch-tick durations, in milliseconds; NaN when empty.</summary>
    public static double PercentileMs(IReadOnlyCollection<long> ticks, double percentile)
    {
        if (ticks.Count == 0)
        {
            return double.NaN;
        }
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    public static double Seconds(long fromTicks, long toTicks) => (toTicks - fromTicks) / (double)Stopwatch.Frequency;

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
