using Hookline.Server.Telemetry;

namespace Hookline.Server.Tests.Observability;

public sealed class QueueDepthSamplerTests
{
    [Fact]
    public void AQuickSample_WaitsTheConfiguredInterval()
    {
        QueueDepthSampler.NextWait(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20)).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ASlowSample_StretchesTheWait_SoSamplingTakesAtMostAFiftiethOfTheTime()
    {
        QueueDepthSampler.NextWait(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(400)).ShouldBe(TimeSpan.FromSeconds(20));
    }
}
