namespace Hookline.Core.Analytics;

/// <summary>The bucket lengths rollups are kept at: every attempt is counted once per grain.</summary>
public static class AnalyticsGrain
{
    public const long Minute = 60_000;
    public const long Hour = 3_600_000;
    public const long Day = 86_400_000;

    /// <summary>Coarsest first.</summary>
    public static readonly IReadOnlyList<long> All = [Day, Hour, Minute];

    public static long Floor(long ms, long grain) => ms - (((ms % grain) + grain) % grain);

    public static long Ceiling(long ms, long grain)
    {
        var floor = Floor(ms, grain);
        return floor == ms ? ms : floor + grain;
    }

    /// <summary>
    /// Covers [<paramref name="fromMs"/>, <paramref name="toMs"/>) (both whole minutes) with the
    /// fewest rollup rows: whole days in the middle, whole hours beside them, minutes at the edges.
    /// A 30-day range is read as about 30 day rows, 46 hour rows and up to 118 minute rows per key.
    /// </summary>
    public static IReadOnlyList<AnalyticsSpan> Cover(long fromMs, long toMs)
    {
        var spans = new List<AnalyticsSpan>();
        Cover(fromMs, toMs, 0, spans);
        return spans;
    }

    private static void Cover(long from, long to, int level, List<AnalyticsSpan> spans)
    {
        if (from >= to)
        {
            return;
        }
        var grain = All[level];
        if (level == All.Count - 1)
        {
            spans.Add(new AnalyticsSpan(grain, from, to));
            return;
        }
        var start = Ceiling(from, grain);
        var end = Floor(to, grain);
        if (start < end)
        {
            spans.Add(new AnalyticsSpan(grain, start, end));
            Cover(from, start, level + 1, spans);
            Cover(end, to, level + 1, spans);
        }
        else
        {
            Cover(from, to, level + 1, spans);
        }
    }
}

/// <summary>Rollup rows of one grain whose bucket starts in [FromMs, ToMs).</summary>
public sealed record AnalyticsSpan(long Grain, long FromMs, long ToMs);
