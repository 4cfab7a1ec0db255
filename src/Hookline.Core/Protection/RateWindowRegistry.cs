using System.Collections.Concurrent;

namespace Hookline.Core.Protection;

/// <summary>
/// The rate window of every endpoint, created on first use. The rate is passed on each call, so a
/// changed endpoint setting takes effect on its next attempt without a restart.
/// </summary>
public sealed class RateWindowRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RateWindow> _windows = new(StringComparer.Ordinal);

    public bool TryTake(string endpointId, double ratePerSecond, out TimeSpan retryAfter) =>
        TryTake(endpointId, ratePerSecond, out _, out retryAfter);

    /// <summary>Takes a start now; <paramref name="startedAt"/> is the instant the window counted it at.</summary>
    public bool TryTake(string endpointId, double ratePerSecond, out DateTimeOffset startedAt, out TimeSpan retryAfter)
    {
        var window = _windows.GetOrAdd(endpointId, _ => new RateWindow(ratePerSecond));
        if (window.RatePerSecond != ratePerSecond)
        {
            window.Update(ratePerSecond);
        }
        return window.TryTake(time.GetUtcNow(), out startedAt, out retryAfter);
    }

    /// <summary>For a hand-over: until when the next sender to this endpoint must hold back; null when it need not.</summary>
    public DateTimeOffset? QuietUntil(string endpointId) =>
        _windows.TryGetValue(endpointId, out var window) ? window.QuietUntil(time.GetUtcNow()) : null;

    /// <summary>Taking over an endpoint another node sent to until recently: no start before <paramref name="quietUntil"/> fills a window.</summary>
    public void HoldUntil(string endpointId, double ratePerSecond, DateTimeOffset quietUntil)
    {
        var window = _windows.GetOrAdd(endpointId, _ => new RateWindow(ratePerSecond));
        if (window.RatePerSecond != ratePerSecond)
        {
            window.Update(ratePerSecond);
        }
        window.HoldUntil(quietUntil);
    }

    /// <summary>Forgets an endpoint's window, e.g. when its limit is removed or it is deleted.</summary>
    public bool Remove(string endpointId) => _windows.TryRemove(endpointId, out _);
}
