using System.Diagnostics;
using Xunit.Abstractions;

namespace Hookline.Core.Tests.Engine;

/// <summary>A throughput comparison: run alone, so other tests' load does not land on one side only.</summary>
[CollectionDefinition(nameof(IsolationTests), DisableParallelization = true)]
public sealed class IsolationTestsCollection;

[Collection(nameof(IsolationTests))]
public sealed class IsolationTests(ITestOutputHelper output)
{
    private const int Count = 200;

    [Fact]
    public async Task HealthyEndpointThroughput_IsUnaffectedByAnEndpointThatHangsUntilItsTimeout()
    {
        // The first run pays for JIT and connection setup; it is not counted. Best of three each after
        // that, interleaved, so a burst of load from elsewhere on the machine hits both sides alike.
        await HealthyThroughputAsync(withHangingNeighbour: false);
        var alone = 0.0;
        var withHanging = 0.0;
        for (var round = 0; round < 3; round++)
        {
            alone = Math.Max(alone, await HealthyThroughputAsync(withHangingNeighbour: false));
            withHanging = Math.Max(withHanging, await HealthyThroughputAsync(withHangingNeighbour: true));
        }

        var ratio = withHanging / alone;
        output.WriteLine($"healthy endpoint: {alone:0} deliveries/s alone, {withHanging:0}/s beside a hanging endpoint ({ratio:P0})");
        // The goal is within 10 % (run alone it measures about 95 %; the benchmark reports it), but a
        // 200-delivery run lasts a fraction of a second and swings widely on a small shared machine. A
        // healthy endpoint that really waited behind the hanging one would need at least the hanging
        // endpoint's 5 s timeout and land below a tenth, so a fifth fails only when isolation is broken.
        ratio.ShouldBeGreaterThanOrEqualTo(0.2);
    }

    private static async Task<double> HealthyThroughputAsync(bool withHangingNeighbour)
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/healthy");
        if (withHangingNeighbour)
        {
            await h.AddEndpointAsync("/hangs", e => e with { TimeoutSeconds = 5, MaxConcurrency = 2 });
        }
        h.Receiver.Handler = async (ctx, _) =>
        {
            if (ctx.Request.Path == "/hangs")
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            ctx.Response.StatusCode = 200;
        };
        for (var i = 0; i < Count; i++)
        {
            await h.PublishAsync();
        }
        var watch = Stopwatch.StartNew();
        h.Start();
        await EngineHarness.Eventually(() => h.Receiver.At("/healthy").Count == Count, TimeSpan.FromSeconds(60));
        watch.Stop();
        return Count / watch.Elapsed.TotalSeconds;
    }
}
