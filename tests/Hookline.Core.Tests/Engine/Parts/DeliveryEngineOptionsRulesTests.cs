using Hookline.Core.Engine;
using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Engine.Parts;

public sealed class DeliveryEngineOptionsRulesTests
{
    [Fact]
    public void Defaults_AreValid() => DeliveryEngineOptionsRules.Problems(new DeliveryEngineOptions()).ShouldBeEmpty();

    [Fact]
    public void EachBadSetting_IsNamed()
    {
        var problems = DeliveryEngineOptionsRules.Problems(new DeliveryEngineOptions
        {
            BatchSize = 0,
            CommitBatchSize = -1,
            LaneBacklogPerSlot = -1,
            FailoverAfterAttempts = 0,
            PollInterval = TimeSpan.Zero,
            NodeTimeout = TimeSpan.FromSeconds(1),
            HeartbeatInterval = TimeSpan.FromSeconds(2),
            Breaker = new CircuitBreakerOptions { FailureRatioThreshold = 2 },
        });

        problems.Select(p => p.Setting).ShouldBe(
            ["NodeTimeout", "BatchSize", "LaneBacklogPerSlot", "PollInterval", "CommitBatchSize", "FailoverAfterAttempts", "Breaker:FailureRatioThreshold"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task AnEngine_RefusesBadOptions_InsteadOfClampingThem()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var bad = Should.Throw<ArgumentException>(() => h.Start(o => o.MaxInFlight = 0));
        bad.Message.ShouldContain("MaxInFlight must be at least 1");
    }
}
