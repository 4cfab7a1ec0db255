namespace Hookline.Core.Protection;

/// <summary>
/// An endpoint's rate limit: tokens refill continuously at <see cref="RatePerSecond"/> up to
/// <see cref="Capacity"/>, and each attempt takes one. A refused caller learns how long until the
/// next token, so it waits instead of failing. Starts full. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    // Refill arithmetic in doubles can land a hair below a whole token after waiting exactly the
    // time we told the caller to wait; this tolerance keeps that caller from being refused again.
    private const double Tolerance = 1e-9;
    private readonly Lock _lock = new();
    private double _tokens;
    private DateTimeOffset _refilledAt;

    /// <param name="ratePerSecond">Tokens added per second; fractions allowed (0.5 is one every 2 s).</param>
    /// <param name="capacity">Most tokens held, the burst size; at least 1. Default max(1, rate).</param>
    /// <param name="now">The current time, from the caller's clock.</param>
    public TokenBucket(double ratePerSecond, double? capacity, DateTimeOffset now)
    {
        (RatePerSecond, Capacity) = Checked(ratePerSecond, capacity);
        _tokens = Capacity;
        _refilledAt = now;
    }

    public double RatePerSecond { get; private set; }

    public double Capacity { get; private set; }

    public static double DefaultCapacity(double ratePerSecond) => Math.Max(1, ratePerSecond);

    /// <summary>True when a token was taken; otherwise false and how long until one is there.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            RefillLocked(now);
            if (_tokens >= 1 - Tolerance)
            {
                _tokens = Math.Max(0, _tokens - 1);
                retryAfter = TimeSpan.Zero;
                return true;
            }
            var ticks = Math.Ceiling((1 - _tokens) * TimeSpan.TicksPerSecond / RatePerSecond);
            retryAfter = TimeSpan.FromTicks(Math.Max(1, (long)Math.Min(ticks, TimeSpan.MaxValue.Ticks)));
            return false;
        }
    }

    /// <summary>Tokens available at <paramref name="now"/>, for metrics.</summary>
    public double Available(DateTimeOffset now)
    {
        lock (_lock)
        {
            RefillLocked(now);
            return _tokens;
        }
    }

    /// <summary>Applies a changed setting; time so far is credited at the old rate.</summary>
    public void Update(double ratePerSecond, double? capacity, DateTimeOffset now)
    {
        var (rate, cap) = Checked(ratePerSecond, capacity);
        lock (_lock)
        {
            RefillLocked(now);
            RatePerSecond = rate;
            Capacity = cap;
            _tokens = Math.Min(_tokens, cap);
        }
    }

    private void RefillLocked(DateTimeOffset now)
    {
        // A clock that steps backwards credits nothing rather than taking tokens away.
        if (now <= _refilledAt)
        {
            return;
        }
        var elapsedSeconds = (double)(now - _refilledAt).Ticks / TimeSpan.TicksPerSecond;
        _tokens = Math.Min(Capacity, _tokens + (elapsedSeconds * RatePerSecond));
        _refilledAt = now;
    }

    private static (double Rate, double Capacity) Checked(double ratePerSecond, double? capacity)
    {
        if (!double.IsFinite(ratePerSecond) || ratePerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The rate must be a positive number of tokens per second.");
        }
        var cap = capacity ?? DefaultCapacity(ratePerSecond);
        if (!double.IsFinite(cap) || cap < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The burst capacity must be at least 1 token.");
        }
        return (ratePerSecond, cap);
    }
}
