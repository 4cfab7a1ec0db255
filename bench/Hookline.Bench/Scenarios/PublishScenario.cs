using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Publish: concurrent publishers post messages through the HTTP API for a fixed time, to an app with
/// 1, 10 and 100 endpoints (deliveries written = messages x endpoints). The engine is off, so only the
/// accept path (validation, one transaction with the message and its fan-out rows) is measured.
/// Baseline: the same client and concurrency on <c>GET /healthz</c> of the same server (the raw HTTP ceiling).
/// </summary>
public sealed class PublishScenario : IScenario
{
    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var apps = new List<(int FanOut, string AppId)>();
        foreach (var fanOut in new[] { 1, 10, 100 })
        {
            var url = context.Receiver.Url("ok", context.NewKey("publish"));
            var (appId, _) = await Setup.AppAsync(d, Enumerable.Range(0, fanOut).Select(_ => new EndpointSpec(url)).ToArray());
            apps.Add((fanOut, appId));
        }
        using var server = await d.StartAsync(dispatcher: false);
        using var api = new HooklineApi(server.BaseAddress);
        var payload = StampReader.Payload(o.PayloadBytes);
        var healthz = await HealthzRateAsync(api, o);
        Progress.Say($"GET /healthz: {healthz:N0}/s with {o.Concurrency} clients");
        double deliveriesAtOne = double.NaN;
        foreach (var (fanOut, appId) in apps)
        {
            var (messageRate, deliveryRate) = await RateAsync(api, appId, payload, o, $"publish, fan-out {fanOut}");
            deliveriesAtOne = fanOut == 1 ? deliveryRate : deliveriesAtOne;
            var rss = server.PeakRssMiB();
            context.Add(new Measure("publish", o.Store, $"fan-out {fanOut}: messages accepted/s ({o.Concurrency} publishers, {o.PayloadBytes} B)", messageRate, "/s",
                "GET /healthz", healthz, PeakRssMiB: rss));
            if (fanOut > 1)
            {
                context.Add(new Measure("publish", o.Store, $"fan-out {fanOut}: deliveries written/s", deliveryRate, "/s",
                    "deliveries written/s at fan-out 1", deliveriesAtOne, PeakRssMiB: rss));
            }
        }
    }

    /// <summary>
    /// One timed publish phase: <c>--concurrency</c> publishers for <c>--duration</c> after a second's warm-up;
    /// returns messages accepted and deliveries written per second.
    /// </summary>
    public static async Task<(double Messages, double Deliveries)> RateAsync(HooklineApi api, string appId, string payload, BenchOptions o, string label)
    {
        long deliveries = 0, messages = 0;
        await LoadGenerator.ClosedAsync(o.Concurrency, _ => api.PublishAsync(appId, payload), duration: TimeSpan.FromSeconds(1));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan elapsed;
        await using (Progress.Start(label, () => $"{Interlocked.Read(ref messages) / watch.Elapsed.TotalSeconds:N0} messages/s"))
        {
            (_, elapsed) = await LoadGenerator.ClosedAsync(o.Concurrency, async _ =>
            {
                Interlocked.Add(ref deliveries, await api.PublishAsync(appId, payload));
                Interlocked.Increment(ref messages);
            }, duration: o.Duration);
        }
        return (messages / elapsed.TotalSeconds, deliveries / elapsed.TotalSeconds);
    }

    private static async Task<double> HealthzRateAsync(HooklineApi api, BenchOptions o)
    {
        async Task Get(long _)
        {
            using var response = await api.Client.GetAsync("/healthz");
            response.EnsureSuccessStatusCode();
        }
        await LoadGenerator.ClosedAsync(o.Concurrency, Get, duration: TimeSpan.FromSeconds(1));
        var (done, elapsed) = await LoadGenerator.ClosedAsync(o.Concurrency, Get, duration: o.Duration);
        return done / elapsed.TotalSeconds;
    }
}
