namespace Hookline.Core.Paging;

/// <summary>One page of a list, newest first. <see cref="Iterator"/> continues after the last item.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? Iterator, bool Done);

/// <summary>
/// What to read: at most <see cref="Limit"/> items older than the item whose id is <see cref="After"/>,
/// skipping the first <see cref="Offset"/> of them (offset paging reads and throws away the skipped
/// rows, so it gets slower the deeper it goes; the iterator does not).
/// </summary>
public sealed record PageRequest(int Limit = PageRequest.DefaultLimit, string? After = null, int Offset = 0)
{
    public const int MaxOffset = 1_000_000;

    public const int DefaultLimit = 50;
    public const int MaxLimit = 250;

    public static Page<T> ToPage<T>(IReadOnlyList<T> fetched, int limit, Func<T, string> id)
    {
        // Callers fetch limit + 1 rows: the extra one only tells whether more remain.
        var done = fetched.Count <= limit;
        var data = done ? fetched : fetched.Take(limit).ToList();
        return new Page<T>(data, data.Count > 0 ? id(data[^1]) : null, done);
    }
}
