using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// A receiver for load tests: counts the requests per <c>webhook-id</c> and notices when a second request
/// for the same message arrives while one is still being answered — the same delivery in two hands at once.
/// Each request is held briefly, as a real receiver would take a moment, so such an overlap has time to show.
/// </summary>
public sealed class DeliveryLedger : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _hold;
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _overlapping = [];
    private readonly ConcurrentQueue<long> _arrivals = new();
    private long _requests;
    private int _current;
    private int _peak;
    private long _firstAt;
    private long _lastAt;

    private DeliveryLedger(WebApplication app, TimeSpan hold) => (_app, _hold) = (app, hold);

    public Uri Url { get; private set; } = null!;
    public long Requests => Interlocked.Read(ref _requests);
    public int Distinct => _received.Count;
    public IReadOnlyCollection<string> Overlapping => _overlapping.Distinct().ToList();

    /// <summary>Most requests being answered at the same moment.</summary>
    public int PeakConcurrent => Volatile.Read(ref _peak);

    /// <summary>Time from the first request's arrival to the last one's.</summary>
    public TimeSpan Span => TimeSpan.FromTicks((Interlocked.Read(ref _lastAt) - Interlocked.Read(ref _firstAt)) * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency);

    public bool HasReceived(string webhookId) => _received.ContainsKey(webhookId);

    /// <summary>The most requests that arrived within any one window of <paramref name="window"/>.</summary>
    public int BusiestWindow(TimeSpan window)
    {
        var arrivals = _arrivals.Order().ToArray();
        var width = (long)(window.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var (busiest, first) = (0, 0);
        for (var last = 0; last < arrivals.Length; last++)
        {
            while (arrivals[last] - arrivals[first] >= width)
            {
                first++;
            }
            busiest = Math.Max(busiest, last - first + 1);
        }
        return busiest;
    }

    /// <summary>Messages received more than once, and how many extra requests that made.</summary>
    public (int Messages, long ExtraRequests) Duplicates()
    {
        var repeated = _received.Values.Where(n => n > 1).ToList();
        return (repeated.Count, repeated.Sum(n => (long)n - 1));
    }

    /// <summary>Starts a ledger that holds each request for <paramref name="hold"/> (5 ms unless told).</summary>
    public static async Task<DeliveryLedger> StartAsync(TimeSpan? hold = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var ledger = new DeliveryLedger(app, hold ?? TimeSpan.FromMilliseconds(5));
        app.Run(ledger.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ledger.Url = new Uri(new Uri(address), "/ledger");
        return ledger;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var id = context.Request.Headers["webhook-id"].ToString();
        Interlocked.Increment(ref _requests);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstAt, now, 0);
        Interlocked.Exchange(ref _lastAt, now);
        _arrivals.Enqueue(now);
        var current = Interlocked.Increment(ref _current);
        for (var peak = Volatile.Read(ref _peak); current > peak; peak = Volatile.Read(ref _peak))
        {
            if (Interlocked.CompareExchange(ref _peak, current, peak) == peak)
            {
                break;
            }
        }
        if (_inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            _overlapping.Add(id);
        }
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await Task.Delay(_hold);
            _received.AddOrUpdate(id, 1, (_, n) => n + 1);
            context.Response.StatusCode = 204;
        }
        finally
        {
            _inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _current);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
