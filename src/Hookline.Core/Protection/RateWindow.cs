namespace Hookline.Core.Protection;

/// <summary>
/// An endpoint's exact rate limit as a sliding window of its latest starts: a start is allowed when
/// fewer than <c>k</c> starts fell in the last second, with <c>k</c> the whole part of the rate. So no
/// one-second window — the first one included — holds more than the rate, while a waiting backlog
/// still goes out at <c>k</c> a second: a caller woken late catches up within the window instead of
/// losing the time, as a one-token bucket would. A rate below 1 allows one start per <c>1 / rate</c>
/// seconds; above <see cref="MaxWindowStarts"/> the window shrinks to <c>MaxWindowStarts / rate</c>.
/// Thread-safe.
/// </summary>
public sealed class RateWindow
{
    /// <summary>Starts remembered at most; above this rate the window is shorter than a second.</summary>
    public const int MaxWindowStarts = 1000;

    private readonly Lock _lock = new();
    private long[] _starts;
    private int _count;
    private int _next;
    private long _windowTicks;

    public RateWindow(double ratePerSecond)
    {
        RatePerSecond = Checked(ratePerSecond);
        _starts = new long[Starts(RatePerSecond)];
        _windowTicks = WindowTicks(RatePerSecond, _starts.Length);
    }

    public double RatePerSecond { get; private set; }

    /// <summary>True when a start is allowed at <paramref name="now"/> (and is counted); otherwise how long until one is.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter) => TryTake(now, out _, out retryAfter);

    /// <summary>
    /// As <see cref="TryTake(DateTimeOffset, out TimeSpan)"/>, also giving the instant the start was
    /// counted at: the one to record as the start, so recorded starts obey the window exactly.
    /// </summary>
    public bool TryTake(DateTimeOffset now, out DateTimeOffset countedAt, out TimeSpan retryAfter)
    {
        var ticks = now.UtcTicks;
        lock (_lock)
        {
            if (_count == _starts.Length)
            {
                var oldest = _starts[_next];
                var freeAt = oldest + _windowTicks;
                if (ticks < freeAt)
                {
                    countedAt = default;
                    retryAfter = TimeSpan.FromTicks(freeAt - ticks);
                    return false;
                }
            }
            else
            {
                _count++;
            }
            // A clock that steps backwards must not open room early: never record a start before the newest.
            var newest = _count > 1 ? _starts[(_next + _starts.Length - 1) % _starts.Length] : long.MinValue;
            _starts[_next] = Math.Max(ticks, newest);
            countedAt = new DateTimeOffset(_starts[_next], TimeSpan.Zero);
            _next = (_next + 1) % _starts.Length;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>When a full window's worth of starts is allowed again: null when none of the recorded starts still counts.</summary>
    public DateTimeOffset? QuietUntil(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }
            var newest = _starts[(_next + _starts.Length - 1) % _starts.Length];
            var until = newest + _windowTicks;
            return until > now.UtcTicks ? new DateTimeOffset(until, TimeSpan.Zero) : null;
        }
    }

    /// <summary>Counts the window as full until <paramref name="quietUntil"/>: what another sender did before this one took over.</summary>
    public void HoldUntil(DateTimeOffset quietUntil)
    {
        lock (_lock)
        {
            var at = quietUntil.UtcTicks - _windowTicks;
            Array.Fill(_starts, at);
            _count = _starts.Length;
            _next = 0;
        }
    }

    /// <summary>Applies a changed rate; the starts already made keep counting.</summary>
    public void Update(double ratePerSecond)
    {
        var rate = Checked(ratePerSecond);
        lock (_lock)
        {
            var ordered = Enumerable.Range(0, _count).Select(i => _starts[(_next - _count + i + (2 * _starts.Length)) % _starts.Length]).ToList();
            var size = Starts(rate);
            _starts = new long[size];
            _count = Math.Min(size, ordered.Count);
            ordered.Skip(ordered.Count - _count).ToArray().CopyTo(_starts, 0);
            _next = _count % size;
            _windowTicks = WindowTicks(rate, size);
            RatePerSecond = rate;
        }
    }

    private static int Starts(double rate) => (int)Math.Clamp(Math.Floor(rate), 1, MaxWindowStarts);

    private static long WindowTicks(double rate, int starts) =>
        rate is >= 1 and <= MaxWindowStarts ? TimeSpan.TicksPerSecond : (long)Math.Ceiling(starts * TimeSpan.TicksPerSecond / rate);

    private static double Checked(double ratePerSecond) =>
        double.IsFinite(ratePerSecond) && ratePerSecond > 0
            ? ratePerSecond
            : throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The rate must be a positive number of starts per second.");
}
