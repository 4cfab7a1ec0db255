using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Retry;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>An unexpected failure inside the engine on one delivery is a failed attempt, not a stuck or spinning delivery.</summary>
public sealed class EngineErrorTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    /// <summary>A transformation whose template can't be loaded the first <c>failures</c> times (its storage is down, say).</summary>
    private sealed class FailingTemplateLoad(int failures) : ITransformationRenderer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<RenderedContent?> RenderAsync(RenderContext context, CancellationToken ct) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new InvalidOperationException("loading the template failed")
                : ValueTask.FromResult<RenderedContent?>(RenderedContent.JsonBody("""{"ok":true}"""u8.ToArray()));
    }

    [Fact]
    public async Task AFailureInsideTheEngine_IsAFailedInternalAttempt_BackedOffByTheSchedule_NeverAHotLoop()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/t", e => e with { Transformation = "{{ payload }}", RetryPolicy = new RetryPolicy { ScheduleSeconds = [10, 20] } });
        var templates = new FailingTemplateLoad(failures: 1);
        h.Start(content: new ContentComposer(templates));
        var publishedAt = clock.GetUtcNow();
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Failed, Quick);
        var failed = await h.GetAsync(delivery.Id);
        failed.AttemptCount.ShouldBe(1);
        failed.NextAttemptAt!.Value.ShouldBe(publishedAt.AddSeconds(10), TimeSpan.FromSeconds(1));
        var attempt = (await h.AttemptsAsync(delivery.Id)).ShouldHaveSingleItem();
        attempt.ErrorClass.ShouldBe(AttemptErrorClasses.Internal);
        attempt.Error.ShouldNotBeNull().ShouldContain("loading the template failed");
        h.Receiver.At("/t").ShouldBeEmpty();

        // Claim passes before the retry is due touch nothing.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1.5));
            await h.ClaimPassAsync();
        }
        templates.Calls.ShouldBe(1);
        (await h.AttemptsAsync(delivery.Id)).Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(3));
        h.Engine.Wake();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
        templates.Calls.ShouldBe(2);
        h.Receiver.At("/t").ShouldHaveSingleItem();
    }
}
