using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Inbound: concurrent senders post CDR-shaped events to <c>POST /in/{src}</c> of a source with HMAC-SHA256
/// verification and a 4-field mapping (each event verified, mapped, stored as a normalized event and published
/// as a message to the app's one endpoint, engine off). Baseline: <c>POST …/messages</c> of a like payload on the
/// same server with the same concurrency, measured just before. Target: ≥ 80 % of the baseline.
/// </summary>
public sealed class InboundScenario : IScenario
{
    private const string Secret = "bench-inbound-hmac-secret-0123456789";

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var url = context.Receiver.Url("ok", context.NewKey("inbound"));
        var (appId, _) = await Setup.AppAsync(d, new EndpointSpec(url));
        using var server = await d.StartAsync(dispatcher: false);
        using var api = new HooklineApi(server.BaseAddress);
        var sourceId = await CreateSourceAsync(api, appId);
        var pad = new string('x', Math.Max(0, o.PayloadBytes - 120));

        var payload = StampReader.Payload(o.PayloadBytes);
        await LoadGenerator.ClosedAsync(o.Concurrency, _ => api.PublishAsync(appId, payload), duration: TimeSpan.FromSeconds(1));
        var (published, publishElapsed) = await LoadGenerator.ClosedAsync(o.Concurrency, async _ => await api.PublishAsync(appId, payload), duration: o.Duration);
        var publishRate = published / publishElapsed.TotalSeconds;
        Progress.Say($"POST …/messages: {publishRate:N0}/s with {o.Concurrency} publishers");

        async Task Send(long n)
        {
            var body = $$"""{"msisdn":"2547{{n % 100_000:D8}}","cdr_type":"data_usage","event_time":{{1_704_110_400 + (n % 86_400)}},"duration":{{n % 3600}}.5,"pad":"{{pad}}"}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            using var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/in/{sourceId}") { Content = content };
            request.Headers.TryAddWithoutValidation("X-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes)));
            using var response = await api.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"/in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        await LoadGenerator.ClosedAsync(o.Concurrency, Send, duration: TimeSpan.FromSeconds(1));
        long accepted = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan elapsed;
        await using (Progress.Start("inbound", () => $"{Interlocked.Read(ref accepted) / watch.Elapsed.TotalSeconds:N0} events/s"))
        {
            (accepted, elapsed) = await LoadGenerator.ClosedAsync(o.Concurrency, Send, duration: o.Duration);
        }
        context.Add(new Measure("inbound", o.Store, $"events accepted/s through POST /in/{{src}} (HMAC-SHA256, 4-field mapping, {o.Concurrency} senders, {o.PayloadBytes} B)",
            accepted / elapsed.TotalSeconds, "/s", "POST …/messages, same server and concurrency", publishRate, PeakRssMiB: server.PeakRssMiB()).AtLeast(0.8));
        await LatencyAsync(context);
    }

    /// <summary>
    /// Send → receipt of inbound events at a steady rate (open loop) with the engine on: the sender's stamp rides
    /// in the event's metadata to the endpoint. Baseline: messages published at the same rate on the same server.
    /// </summary>
    private static async Task LatencyAsync(BenchContext context)
    {
        var o = context.Options;
        var rate = Math.Min(o.Rate, 100);
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var inboundKey = context.NewKey("inbound-latency");
        var publishKey = context.NewKey("inbound-latency-publish");
        var (inboundApp, _) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", inboundKey), o.Concurrency));
        var (publishApp, _) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", publishKey), o.Concurrency));
        using var server = await d.StartAsync(dispatcher: true);
        using var api = new HooklineApi(server.BaseAddress);
        var sourceId = await CreateSourceAsync(api, inboundApp, stamped: true);

        var published = context.Receiver.Key(publishKey);
        var sentMessages = await LoadGenerator.OpenAsync(rate, o.Duration, _ => api.PublishAsync(publishApp, StampReader.Payload(512, System.Diagnostics.Stopwatch.GetTimestamp())));
        await DrainRun.Until(() => Task.FromResult(published.Count >= sentMessages), TimeSpan.FromMinutes(2), "every published message to arrive");

        var received = context.Receiver.Key(inboundKey);
        var sent = await LoadGenerator.OpenAsync(rate, o.Duration, async n =>
        {
            var body = $$"""{"msisdn":"2547{{n:D8}}","cdr_type":"data_usage","event_time":1704110400,"duration":1.5,"t":{{System.Diagnostics.Stopwatch.GetTimestamp()}}}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            using var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/in/{sourceId}") { Content = content };
            request.Headers.TryAddWithoutValidation("X-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes)));
            using var response = await api.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        });
        await DrainRun.Until(() => Task.FromResult(received.Count >= sent), TimeSpan.FromMinutes(2), "every inbound event to arrive");
        foreach (var p in new[] { 50.0, 99.0 })
        {
            context.Add(new Measure("inbound", o.Store, $"send → receipt p{p:0} of inbound events, {rate:N0}/s for {o.DurationSeconds}s", Stats.PercentileMs(received.Delays, p), "ms",
                $"publish → receipt p{p:0} of messages at the same rate", Stats.PercentileMs(published.Delays, p), PeakRssMiB: server.PeakRssMiB()));
        }
    }

    private static async Task<string> CreateSourceAsync(HooklineApi api, string appId, bool stamped = false)
    {
        using var response = await api.Client.PostAsJsonAsync($"/api/v1/apps/{appId}/sources", new
        {
            name = "Bench CDR " + Guid.NewGuid().ToString("N")[..8],
            verification = new { type = "hmac", header = "X-Signature", prefix = "sha256=", secret = Secret },
            mapping = new
            {
                customer_id_field = "msisdn",
                event_type_field = "cdr_type",
                timestamp_field = "event_time",
                value_field = "duration",
                metadata_fields = stamped ? new Dictionary<string, string> { ["t"] = "t" } : new Dictionary<string, string>(),
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!["id"]!.GetValue<string>()
            : throw new InvalidOperationException($"creating the source answered {(int)response.StatusCode}: {text}");
    }
}
