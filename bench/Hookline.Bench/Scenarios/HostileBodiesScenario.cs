using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Hostile bodies: 16 concurrent clients send 1–40 MB bodies, for ~30 s (--quick: 10 s), to
/// <c>POST …/messages</c> and <c>POST /in</c>, half with a Content-Length and half chunked (so the size is
/// only learnt while reading). Every one must be refused (413) without the server taking the body in: the
/// server's RSS is sampled every half second; peak (VmHWM) and steady (median of the second half) are read
/// against the 300 MB target. Baseline: the same server idle before the load.
/// </summary>
public sealed class HostileBodiesScenario : IScenario
{
    private const int Clients = 16;
    private const int MinBytes = 1 << 20;
    private const int MaxBytes = 40 << 20;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var (appId, _) = await Setup.AppAsync(d);
        using var server = await d.StartAsync(dispatcher: false);
        await Task.Delay(2000);
        var idle = server.RssMiB();

        var body = new byte[MaxBytes];
        Array.Fill(body, (byte)'x');
        "{\"event_type\":\"a.b\",\"payload\":\""u8.CopyTo(body);
        var duration = TimeSpan.FromSeconds(o.Quick ? 10 : 30);
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var samples = new List<double>();
        using var stop = new CancellationTokenSource(duration);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                samples.Add(server.RssMiB());
                await Task.Delay(500, CancellationToken.None);
            }
        });
        await using (Progress.Start("hostile bodies", () => $"RSS {server.RssMiB():F0} MiB, peak {server.PeakRssMiB():F0} MiB, {outcomes.Values.Sum():N0} sent"))
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => ClientAsync(i, server.BaseAddress, appId, body, outcomes, stop.Token)));
        }
        await sampler;
        var steady = Stats.Median(samples.Skip(samples.Count / 2));
        var peak = server.PeakRssMiB();
        var seen = string.Join(", ", outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
        Progress.Say($"hostile bodies: {seen}");
        context.Add(new Measure("hostile-bodies", o.Store, $"peak RSS, {Clients} clients sending 1–40 MB bodies for {duration.TotalSeconds:F0}s ({seen})",
            peak, "MiB", "idle server", idle, PeakRssMiB: peak) with
        { Target = "≤ 300 MB (286 MiB)", Met = peak * 1024 * 1024 <= 300_000_000 });
        context.Add(new Measure("hostile-bodies", o.Store, $"steady RSS (median of the second half), {Clients} clients sending 1–40 MB bodies",
            steady, "MiB", "idle server", idle, PeakRssMiB: peak) with
        { Target = "≤ 300 MB (286 MiB)", Met = steady * 1024 * 1024 <= 300_000_000 });
    }

    private static async Task ClientAsync(int client, Uri baseAddress, string appId, byte[] body, ConcurrentDictionary<string, int> outcomes, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deployment.AdminKey);
        var random = new Random(client);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var size = random.Next(MinBytes, MaxBytes + 1);
            var path = n % 2 == 0 ? $"/api/v1/apps/{appId}/messages" : "/in";
            var chunked = (n / 2) % 2 == 1;
            HttpContent content = chunked ? new StreamContent(new MemoryStream(body, 0, size, writable: false)) : new ReadOnlyMemoryContent(body.AsMemory(0, size));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (chunked)
            {
                content.Headers.ContentLength = null;
            }
            string outcome;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                if (chunked)
                {
                    request.Headers.TransferEncodingChunked = true;
                }
                using var response = await http.SendAsync(request, CancellationToken.None);
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException)
            {
                // The server answered and closed before the whole body was sent.
                outcome = "closed early";
            }
            outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
        }
    }
}
