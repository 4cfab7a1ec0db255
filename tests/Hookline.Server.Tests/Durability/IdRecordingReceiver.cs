using System.Collections.Concurrent;
using Hookline.Testing.Receiving;

namespace Hookline.Server.Tests.Durability;

/// <summary>A receiver, for load: it counts every <c>webhook-id</c> it gets (duplicates included) and answers 200 after a small random delay, keeping no bodies.</summary>
public sealed class IdRecordingReceiver : IAsyncDisposable
{
    private HttpReceiver _http = null!;
    private long _requests;

    public Uri BaseAddress => _http.BaseAddress;
    public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<IdRecordingReceiver> StartAsync(int seed, int maxDelayMs)
    {
        var receiver = new IdRecordingReceiver();
        var random = new Random(seed);
        receiver._http = await HttpReceiver.StartAsync(async context =>
        {
            var id = context.Request.Headers["webhook-id"].ToString();
            int delay;
            lock (random)
            {
                delay = random.Next(maxDelayMs + 1);
            }
            if (delay > 0)
            {
                await Task.Delay(delay);
            }
            receiver.Counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref receiver._requests);
            context.Response.StatusCode = 200;
        });
        return receiver;
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
