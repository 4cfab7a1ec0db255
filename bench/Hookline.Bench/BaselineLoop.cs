using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hookline.Bench;

/// <summary>
/// The comparison: a plain HttpClient loop posting webhook-shaped requests (same body size, the
/// Standard Webhooks headers, a fresh HMAC each) to the same receiver at the same concurrency.
/// </summary>
public sealed class BaselineLoop(CountingReceiver receiver, JsonObject payload, int endpoints)
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(24);
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    public async Task<TimeSpan> RunAsync(int requests, int workers)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                await SendAsync(i);
            }
        })));
        return watch.Elapsed;
    }

    private async Task SendAsync(int i)
    {
        var id = $"msg_bench{i:D12}";
        var timestamp = DateTimeOffset.UtcNow;
        var body = JsonSerializer.Serialize(new { id, type = "bench.event", timestamp = timestamp.ToString("O"), data = payload });
        var unix = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{id}.{unix}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(receiver.BaseAddress, $"/baseline/{i % endpoints}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", unix);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + signature);
        request.Headers.TryAddWithoutValidation("user-agent", "Hookline-baseline/0.1");
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
