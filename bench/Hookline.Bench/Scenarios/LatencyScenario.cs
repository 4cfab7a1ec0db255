using System.Diagnostics;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Latency: messages with 1 KiB payloads published at a steady rate (an open loop: the offered rate
/// does not drop when answers slow down) to an app with one endpoint; each payload carries the
/// publisher's stopwatch stamp taken just before the POST, and the receiver, in the same process,
/// records the delay to arrival. Baseline: the plain HttpClient loop sending like requests straight to
/// the receiver at the same rate, measured the same way (send → arrival).
/// </summary>
public sealed class LatencyScenario : IScenario
{
    private const int PayloadBytes = 1024;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var warmKey = context.NewKey("warm");
        var key = context.NewKey("latency");
        var (warmApp, _) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", warmKey), o.Concurrency));
        var (appId, _) = await Setup.AppAsync(d, new EndpointSpec(context.Receiver.Url("ok", key), o.Concurrency));
        using var server = await d.StartAsync(dispatcher: true);
        using var api = new HooklineApi(server.BaseAddress);

        await LoadGenerator.OpenAsync(o.Rate, TimeSpan.FromSeconds(3), _ => api.PublishAsync(warmApp, StampReader.Payload(PayloadBytes)));
        var received = context.Receiver.Key(key);
        var accepted = new System.Collections.Concurrent.ConcurrentQueue<long>();
        long sent;
        await using (Progress.Start($"latency, {o.Rate} messages/s", () => $"{received.Count:N0} received"))
        {
            sent = await LoadGenerator.OpenAsync(o.Rate, o.Duration, async _ =>
            {
                var stamp = Stopwatch.GetTimestamp();
                await api.PublishAsync(appId, StampReader.Payload(PayloadBytes, stamp));
                accepted.Enqueue(Stopwatch.GetTimestamp() - stamp);
            });
            await DrainRun.Until(() => Task.FromResult(received.Count >= sent), TimeSpan.FromMinutes(2), "every published message to arrive");
        }
        var offered = sent / o.Duration.TotalSeconds;

        var baselineKey = context.NewKey("latency-plain");
        using (var loop = new BaselineLoop(context.Receiver, baselineKey, PayloadBytes))
        {
            await LoadGenerator.OpenAsync(o.Rate, TimeSpan.FromSeconds(1), i => loop.SendAsync(i));
            await LoadGenerator.OpenAsync(o.Rate, o.Duration, i => loop.SendAsync(i, stamp: true));
        }
        var plain = context.Receiver.Key(baselineKey).Delays;
        var rss = server.PeakRssMiB();
        foreach (var p in new[] { 50.0, 95.0, 99.0 })
        {
            var m = new Measure("latency", o.Store, $"publish → receipt p{p:0}, {offered:N0} messages/s for {o.DurationSeconds}s, 1 KiB",
                Stats.PercentileMs(received.Delays, p), "ms", $"plain HTTP send → receipt p{p:0}", Stats.PercentileMs(plain, p), PeakRssMiB: rss);
            context.Add(p == 99 ? m.AtMost(25, "ms") : m);
        }
        context.Add(new Measure("latency", o.Store, "of which the publish call (POST → 202) p99", Stats.PercentileMs(accepted, 99), "ms",
            "plain HTTP send → receipt p99", Stats.PercentileMs(plain, 99), PeakRssMiB: rss));
    }
}
