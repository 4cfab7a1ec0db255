using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookline.Bench.Infra;

/// <summary>
/// The comparison for deliveries: a plain HttpClient posting webhook-shaped requests (the same body
/// shape and size, the Standard Webhooks headers with a fresh HMAC each) straight to the receiver.
/// </summary>
public sealed class BaselineLoop(Receiver receiver, string key, int payloadBytes) : IDisposable
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(24);
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = int.MaxValue });
    private readonly Uri _url = receiver.Url("ok", key);

    /// <summary>Sends <paramref name="requests"/> requests with <paramref name="workers"/> workers; returns requests per second.</summary>
    public async Task<double> RateAsync(long requests, int workers)
    {
        await LoadGenerator.ClosedAsync(workers, i => SendAsync(i), Math.Min(2_000, requests));
        var (done, elapsed) = await LoadGenerator.ClosedAsync(workers, i => SendAsync(i), requests);
        return done / elapsed.TotalSeconds;
    }

    /// <summary>Sends one request; with <paramref name="stamp"/> the payload carries the send time for the receiver.</summary>
    public async Task SendAsync(long i, bool stamp = false)
    {
        var id = $"msg_0BASE{i:D20}";
        var timestamp = DateTimeOffset.UtcNow;
        var payload = StampReader.Payload(payloadBytes, stamp ? System.Diagnostics.Stopwatch.GetTimestamp() : 0);
        var body = $"{{\"id\":\"{id}\",\"type\":\"bench.event\",\"timestamp\":\"{timestamp:O}\",\"data\":{payload}}}";
        var unix = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes($"{id}.{unix}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", unix);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + signature);
        request.Headers.TryAddWithoutValidation("user-agent", "Hookline-baseline/0.1");
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _client.Dispose();
}
