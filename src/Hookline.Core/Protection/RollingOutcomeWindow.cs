namespace Hookline.Core.Protection;

/// <summary>
/// Success and failure counts over a sliding time window, kept in a fixed ring of buckets so memory
/// doesn't grow with traffic. The window slides one bucket (a tenth of its length) at a time.
/// Not thread-safe; the owner locks.
/// </summary>
internal sealed class RollingOutcomeWindow
{
    private const int BucketCount = 10;
    private readonly long _bucketTicks;
    private readonly long[] _bucketStart = new long[BucketCount];
    private readonly int[] _successes = new int[BucketCount];
    private readonly int[] _failures = new int[BucketCount];

    public RollingOutcomeWindow(TimeSpan length)
    {
        _bucketTicks = Math.Max(1, length.Ticks / BucketCount);
        Array.Fill(_bucketStart, long.MinValue);
    }

    public void Record(DateTimeOffset now, bool failed)
    {
        var start = now.UtcTicks - (now.UtcTicks % _bucketTicks);
        var i = (int)((now.UtcTicks / _bucketTicks) % BucketCount);
        if (_bucketStart[i] != start)
        {
            _bucketStart[i] = start;
            _successes[i] = 0;
            _failures[i] = 0;
        }
        if (failed)
        {
            _failures[i]++;
        }
        else
        {
            _successes[i]++;
        }
    }

    public (int Total, int Failures) Totals(DateTimeOffset now)
    {
        var oldest = now.UtcTicks - (now.UtcTicks % _bucketTicks) - ((BucketCount - 1) * _bucketTicks);
        int total = 0, failures = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            if (_bucketStart[i] >= oldest && _bucketStart[i] <= now.UtcTicks)
            {
                total += _successes[i] + _failures[i];
                failures += _failures[i];
            }
        }
        return (total, failures);
    }

    public void Clear() => Array.Fill(_bucketStart, long.MinValue);
}
