using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Rate and concurrency limits: one endpoint with <c>rate_limit_per_second</c> R and a backlog larger
/// than it can take in the window, measured as delivered per second after its first second (a token
/// bucket may start with a burst); and one endpoint with <c>max_concurrency</c> C whose receiver takes
/// 50 ms per request, measured as the most requests the receiver ever held at once. Baselines: the configured limits.
/// </summary>
public sealed class RateScenario : IScenario
{
    private const int Limit = 50;
    private const int MaxConcurrency = 5;
    private const int SlowMs = 50;

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var rateKey = context.NewKey("rate");
        var gateKey = context.NewKey("gate");
        var (appId, ids) = await Setup.AppAsync(d,
            new EndpointSpec(context.Receiver.Url("ok", rateKey), RateLimit: Limit),
            new EndpointSpec(context.Receiver.Url($"slow/{SlowMs}", gateKey), MaxConcurrency));
        var window = o.Duration;
        var payload = StampReader.Payload(o.PayloadBytes);
        await Seeder.BacklogAsync(d, appId, [ids[0]], (long)(Limit * (window.TotalSeconds + 10)), payload, from: 1);
        await Seeder.BacklogAsync(d, appId, [ids[1]], (long)(MaxConcurrency * 1000.0 / SlowMs * (window.TotalSeconds + 10)), payload, from: 10_000_000);

        using var server = await d.StartAsync(dispatcher: true);
        var rate = context.Receiver.Key(rateKey);
        var gate = context.Receiver.Key(gateKey);
        await DrainRun.Until(() => Task.FromResult(rate.FirstAt != 0 && gate.FirstAt != 0), TimeSpan.FromSeconds(60), "the first deliveries");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (rate0, gate0) = (rate.Count, gate.Count);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (Progress.Start("rate and concurrency limits", () => $"{rate.Count - rate0:N0} rate-limited, {gate.Count - gate0:N0} concurrency-limited, most at once {gate.MaxInFlight}"))
        {
            await Task.Delay(window);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var delivered = (rate.Count - rate0) / seconds;
        var rss = server.PeakRssMiB();
        var rateMeasure = new Measure("rate", o.Store, $"rate_limit_per_second {Limit}: delivered/s over {seconds:F0}s", delivered, "/s",
            "configured limit", Limit, PeakRssMiB: rss);
        context.Add(rateMeasure with { Target = "90–102 % of limit", Met = rateMeasure.Ratio is >= 0.9 and <= 1.02 });
        context.Add(new Measure("rate", o.Store, $"max_concurrency {MaxConcurrency} (receiver takes {SlowMs} ms): most requests in flight at once",
            gate.MaxInFlight, "", "configured limit", MaxConcurrency, PeakRssMiB: rss) with
        { Target = "≤ limit", Met = gate.MaxInFlight <= MaxConcurrency });
        context.Add(new Measure("rate", o.Store, $"max_concurrency {MaxConcurrency} (receiver takes {SlowMs} ms): delivered/s",
            (gate.Count - gate0) / seconds, "/s", $"limit ÷ {SlowMs} ms", MaxConcurrency * 1000.0 / SlowMs, PeakRssMiB: rss));
    }
}
