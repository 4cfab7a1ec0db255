using Hookline.Core.Deliveries;
using Hookline.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

/// <summary>Leases that are shorter than an endpoint's timeout: extended for the send, never taken from a live sender.</summary>
public sealed class LeaseEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwentySecondLease_DeliversToAFifteenSecondTimeoutEndpoint()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/slow-allowed", e => e with { TimeoutSeconds = 15 });
        h.Start(o => o.LeaseDuration = TimeSpan.FromSeconds(20));
        var delivery = (await h.PublishAsync()).Single();

        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
        h.Receiver.At("/slow-allowed").Count.ShouldBe(1);
    }

    [Fact]
    public async Task ADeliveryBeingSent_CannotBeClaimedByAnotherNode_AfterItsClaimLeaseWouldHaveEnded()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var h = await EngineHarness.CreateAsync(clock);
        await h.AddEndpointAsync("/held", e => e with { TimeoutSeconds = 15 });
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Receiver.Handler = async (ctx, _) =>
        {
            await answer.Task;
            ctx.Response.StatusCode = 200;
        };
        h.Start(o => o.LeaseDuration = TimeSpan.FromSeconds(20));
        var claimedAt = clock.GetUtcNow();
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(() => h.Receiver.At("/held").Count == 1, Quick);

        // The claim's own lease ends at +20 s; the send needs 15 s timeout plus the 10 s margin.
        var otherNode = await h.Store.Queue.ClaimAsync(new ClaimRequest("node-b", claimedAt.AddSeconds(24), claimedAt.AddSeconds(60), 10));
        otherNode.ShouldBeEmpty();

        answer.SetResult();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);
        h.Receiver.At("/held").Count.ShouldBe(1);
    }
}
