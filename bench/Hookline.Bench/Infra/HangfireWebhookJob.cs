using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hangfire;

namespace Hookline.Bench.Infra;

/// <summary>
/// The Hangfire job behind the hangfire baseline: one job per delivery, sending the request the plain loop
/// sends (<see cref="BaselineLoop.SendAsync"/>: same body shape and size, Standard Webhooks headers, a fresh
/// HMAC each attempt). A non-2xx answer throws, so Hangfire's own <see cref="AutomaticRetryAttribute"/> applies.
/// </summary>
public sealed class HangfireWebhookJob(HttpClient client, byte[] secret)
{
    /// <summary>Posts message <paramref name="id"/> with <paramref name="data"/> (stored in the job's arguments, as a real app would) to <paramref name="url"/>.</summary>
    public async Task SendAsync(string url, string id, string data)
    {
        // Signed at send time, not at enqueue time: a retry carries a fresh timestamp and signature.
        var timestamp = DateTimeOffset.UtcNow;
        var body = $"{{\"id\":\"{id}\",\"type\":\"bench.event\",\"timestamp\":\"{timestamp:O}\",\"data\":{data}}}";
        var unix = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{id}.{unix}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", unix);
        request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + signature);
        request.Headers.TryAddWithoutValidation("user-agent", "Hookline-baseline-hangfire/0.1");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>Hands Hangfire's workers the one job instance, which holds the shared HttpClient and signing secret.</summary>
public sealed class HangfireWebhookJobActivator(HangfireWebhookJob job) : JobActivator
{
    public override object ActivateJob(Type jobType) => jobType == typeof(HangfireWebhookJob) ? job : base.ActivateJob(jobType);
}
