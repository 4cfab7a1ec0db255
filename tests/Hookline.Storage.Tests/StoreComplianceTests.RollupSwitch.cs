using Hookline.Core.Analytics;
using Hookline.Core.Deliveries;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

/// <summary><c>Hookline:Analytics:Rollups</c>: off, the publish and attempt transactions write their facts and no sums.</summary>
public abstract partial class StoreComplianceTests
{
    private static readonly long[] Grains = [AnalyticsGrain.Minute, AnalyticsGrain.Hour, AnalyticsGrain.Day];

    [Fact]
    public async Task RollupsOff_APublishAndItsAttempt_AreWritten_ButAddNoRollupRows_WhileRollupsOnDo()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var off = await OpenAnotherNodeAsync(new AnalyticsOptions { Rollups = false });

        var message = NewMessage(app.Id, Now);
        var delivery = (await off.Messages.PublishAsync(message, ToEvery(message))).Deliveries.ShouldHaveSingleItem();
        (await off.Queue.ClaimAsync(new ClaimRequest(Owner, Now, Now + TimeSpan.FromMinutes(1), 10, null))).ShouldHaveSingleItem();
        await off.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Dead)]);

        (await Store.Deliveries.GetAsync(app.Id, delivery.Id)).ShouldNotBeNull().Status.ShouldBe(DeliveryStatus.Dead);
        (await Store.Deliveries.ListAttemptsAsync(delivery.Id)).ShouldHaveSingleItem();
        foreach (var grain in Grains)
        {
            var span = BucketAt(grain, Now);
            (await Store.Analytics.AttemptsByKeyAsync(app.Id, [span])).ShouldBeEmpty($"grain {grain}");
            (await Store.Analytics.ErrorsAsync(app.Id, [span])).ShouldBeEmpty($"grain {grain}");
            (await Store.Analytics.MessagesAsync(app.Id, [span], byBucket: false)).ShouldBeEmpty($"grain {grain}");
        }

        // The same publish and dead attempt through a store with rollups on (the default) are summed.
        await FinishAsync(await PublishOneAsync(app.Id), DeliveryStatus.Dead);

        foreach (var grain in Grains)
        {
            var span = BucketAt(grain, Now);
            (await Store.Analytics.AttemptsByKeyAsync(app.Id, [span])).ShouldHaveSingleItem().Dead.ShouldBe(1, $"grain {grain}");
            (await Store.Analytics.ErrorsAsync(app.Id, [span])).ShouldHaveSingleItem().Attempts.ShouldBe(1, $"grain {grain}");
            (await Store.Analytics.MessagesAsync(app.Id, [span], byBucket: false)).ShouldHaveSingleItem().Messages.ShouldBe(1, $"grain {grain}");
        }
    }
}
