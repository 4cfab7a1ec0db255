namespace Hookline.Core.Analytics;

/// <summary>
/// The fixed attempt-duration buckets the rollups count in (upper bounds in ms; the last is open).
/// Fixed bounds make rollup rows addable across endpoints, minutes and nodes; percentiles are read
/// back by interpolating inside the bucket that holds the rank.
/// </summary>
public static class LatencyBuckets
{
    /// <summary>Inclusive upper bounds of all but the last bucket, in milliseconds.</summary>
    public static readonly IReadOnlyList<long> UpperBoundsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

    /// <summary>How many buckets a rollup row holds (the bounds plus the open last one).</summary>
    public const int Count = 14;

    public static int IndexOf(long durationMs)
    {
        for (var i = 0; i < UpperBoundsMs.Count; i++)
        {
            if (durationMs <= UpperBoundsMs[i])
            {
                return i;
            }
        }
        return Count - 1;
    }

    /// <summary>The <paramref name="quantile"/> (0–1) of the counted durations in ms; null when nothing was counted.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = quantile * total;
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }
            if (seen + counts[i] >= rank)
            {
                double lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                // The open last bucket has no upper bound: report its lower bound rather than invent one.
                if (i >= UpperBoundsMs.Count)
                {
                    return lower;
                }
                double upper = UpperBoundsMs[i];
                var within = (rank - seen) / counts[i];
                return Math.Round(lower + ((upper - lower) * within), 1);
            }
            seen += counts[i];
        }
        return UpperBoundsMs[^1];
    }
}
