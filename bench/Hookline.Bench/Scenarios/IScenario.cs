using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>One benchmark: it measures, and adds each figure with its same-run baseline to the context.</summary>
public interface IScenario
{
    Task RunAsync(BenchContext context);

    public static IScenario For(string name) => name switch
    {
        "drain" => new DrainScenario(),
        "publish" => new PublishScenario(),
        "latency" => new LatencyScenario(),
        "isolation" => new IsolationScenario(),
        "rate" => new RateScenario(),
        "backlog" => new BacklogScenario(),
        "memory" => new MemoryScenario(),
        "scale" => new ScaleScenario(),
        "routing" => new RoutingScenario(),
        "inbound" => new InboundScenario(),
        "export" => new ExportScenario(),
        "hostile-bodies" => new HostileBodiesScenario(),
        "rollups" => new RollupsScenario(),
        "hangfire" => new HangfireScenario(),
        _ => throw new ArgumentException($"unknown scenario {name}"),
    };
}
