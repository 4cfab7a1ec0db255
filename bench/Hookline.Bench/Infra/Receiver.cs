using System.Collections.Concurrent;
using System.Diagnostics;
using Hookline.Testing.Receiving;
using Microsoft.AspNetCore.Http;

namespace Hookline.Bench.Infra;

/// <summary>
/// The local receiver every scenario delivers to. The path says how to answer and which counter to
/// keep: <c>/ok/{key}</c> answers 200 at once, <c>/slow/{ms}/{key}</c> after a pause, <c>/hang/{key}</c>
/// never (until the sender gives up), <c>/fail/{key}</c> 503. Every request is counted under its key with
/// the time it arrived, the requests in flight, and — when the body carries a <c>"t"</c> stopwatch stamp —
/// the delay from that stamp to arrival (same process, same clock as the publisher).
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ReceiverKey> _keys = new(StringComparer.Ordinal);
    private HttpReceiver _http = null!;

    public Uri BaseAddress => _http.BaseAddress;

    public Uri Url(string mode, string key) => new(BaseAddress, $"/{mode}/{key}");

    public ReceiverKey Key(string key) => _keys.GetOrAdd(key, _ => new ReceiverKey());

    /// <summary>Totals over every key starting with <paramref name="prefix"/>.</summary>
    public (long Count, long FirstAt, long LastAt) Sum(string prefix)
    {
        long count = 0, first = 0, last = 0;
        foreach (var (name, k) in _keys)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && k.Count > 0)
            {
                count += k.Count;
                first = first == 0 ? k.FirstAt : Math.Min(first, k.FirstAt);
                last = Math.Max(last, k.LastAt);
            }
        }
        return (count, first, last);
    }

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver();
        receiver._http = await HttpReceiver.StartAsync(receiver.HandleAsync, unlimitedConnections: true);
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            context.Response.StatusCode = 404;
            return;
        }
        var key = Key(segments[^1]);
        key.Enter();
        try
        {
            // Read the body as a real receiver would before answering.
            var stamp = await StampReader.ReadAsync(context.Request.Body);
            key.Arrived(arrived, stamp);
            switch (segments[0])
            {
                case "slow" when int.TryParse(segments[1], out var ms):
                    await Task.Delay(ms, context.RequestAborted);
                    break;
                case "hang":
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    break;
                case "fail":
                    context.Response.StatusCode = 503;
                    return;
            }
            context.Response.StatusCode = 200;
        }
        catch (OperationCanceledException)
        {
            // The sender gave up (its timeout); nothing to answer.
        }
        finally
        {
            key.Leave();
        }
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}

/// <summary>One receiver counter: requests, first/last arrival (stopwatch ticks), concurrency, stamped delays.</summary>
public sealed class ReceiverKey
{
    private long _count;
    private long _firstAt;
    private long _lastAt;
    private int _inFlight;
    private int _maxInFlight;
    private readonly ConcurrentQueue<long> _delays = new();

    public long Count => Interlocked.Read(ref _count);
    public long FirstAt => Interlocked.Read(ref _firstAt);
    public long LastAt => Interlocked.Read(ref _lastAt);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Stopwatch ticks from each stamped request's "t" to its arrival.</summary>
    public IReadOnlyCollection<long> Delays => _delays;

    internal void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
    }

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    internal void Arrived(long at, long stamp)
    {
        Interlocked.CompareExchange(ref _firstAt, at, 0);
        long last;
        while (at > (last = Interlocked.Read(ref _lastAt)) && Interlocked.CompareExchange(ref _lastAt, at, last) != last)
        {
        }
        if (stamp > 0)
        {
            _delays.Enqueue(at - stamp);
        }
        Interlocked.Increment(ref _count);
    }
}
