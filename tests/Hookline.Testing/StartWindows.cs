namespace Hookline.Testing;

/// <summary>How a receiver would judge a rate limit: the starts in every one-second window.</summary>
public static class StartWindows
{
    /// <summary>The most starts in any window <c>[start, start + 1 s)</c>, counted from every start; <paramref name="ordered"/> is in time order.</summary>
    public static int Busiest(IReadOnlyList<DateTimeOffset> ordered)
    {
        var (busiest, first) = (0, 0);
        for (var last = 0; last < ordered.Count; last++)
        {
            while (ordered[last] - ordered[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }
            busiest = Math.Max(busiest, last - first + 1);
        }
        return busiest;
    }

    /// <summary>
    /// Starts a second over the whole seconds from the first start: the pace while work waited. Whole
    /// windows, since a rate window lets each second's worth out in a burst and the last one's pause
    /// would otherwise count for or against it by chance. Zero when the starts span less than a second.
    /// </summary>
    public static double Rate(IReadOnlyList<DateTimeOffset> ordered)
    {
        if (ordered.Count < 2)
        {
            return 0;
        }
        var seconds = Math.Floor((ordered[^1] - ordered[0]).TotalSeconds);
        return seconds < 1 ? 0 : ordered.Count(t => t < ordered[0].AddSeconds(seconds)) / seconds;
    }
}
