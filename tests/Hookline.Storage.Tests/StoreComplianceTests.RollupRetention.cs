using Hookline.Core.Analytics;
using Hookline.Core.Deliveries;
using Hookline.Core.Retention;

namespace Hookline.Storage.Tests;

/// <summary>Retention of the analytics rollups: minute rows go first, hour and day rows are kept longer.</summary>
public abstract partial class StoreComplianceTests
{
    private static AnalyticsSpan BucketAt(long grain, DateTimeOffset at)
    {
        var from = AnalyticsGrain.Floor(at.ToUnixTimeMilliseconds(), grain);
        return new AnalyticsSpan(grain, from, from + grain);
    }

    [Fact]
    public async Task PruneRollups_DeletesOneGrainsOldBuckets_InBatches_AndKeepsOtherGrainsAndNewerBuckets()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var old = await PublishOneAsync(app.Id);
        await FinishAsync(old, DeliveryStatus.Dead);
        var oldAt = Now;
        Clock.Advance(TimeSpan.FromDays(2));
        var fresh = await PublishOneAsync(app.Id);
        await FinishAsync(fresh, DeliveryStatus.Succeeded);

        // One old minute row in each of the three tables: attempts, errors (the dead attempt's 500), messages.
        (await Store.Retention.PruneRollupsAsync(AnalyticsGrain.Minute, Now - TimeSpan.FromDays(1), batchSize: 1)).ShouldBe(3);
        (await Store.Retention.PruneRollupsAsync(AnalyticsGrain.Minute, Now - TimeSpan.FromDays(1), batchSize: 1)).ShouldBe(0);

        var oldMinute = BucketAt(AnalyticsGrain.Minute, oldAt);
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [oldMinute])).ShouldBeEmpty();
        (await Store.Analytics.ErrorsAsync(app.Id, [oldMinute])).ShouldBeEmpty();
        (await Store.Analytics.MessagesAsync(app.Id, [oldMinute], byBucket: false)).ShouldBeEmpty();
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(AnalyticsGrain.Minute, Now)])).ShouldHaveSingleItem().Succeeded.ShouldBe(1);
        foreach (var grain in new[] { AnalyticsGrain.Hour, AnalyticsGrain.Day })
        {
            var kept = (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(grain, oldAt)])).ShouldHaveSingleItem();
            kept.Dead.ShouldBe(1, $"grain {grain} keeps the old attempt");
            (await Store.Analytics.ErrorsAsync(app.Id, [BucketAt(grain, oldAt)])).ShouldHaveSingleItem().StatusCode.ShouldBe(500);
        }
    }

    [Fact]
    public async Task RetentionJob_WithAFakeClock_PrunesMinuteRollupsFirst_ThenHourOnes_AndKeepsDayOnes()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Succeeded);
        var at = Now;
        var options = new RetentionOptions
        {
            Payloads = null,
            Attempts = null,
            InboundRequests = null,
            IdempotencyRecords = null,
            MinuteRollups = TimeSpan.FromDays(7),
            HourRollups = TimeSpan.FromDays(30),
            DayRollups = null,
        };
        var job = new RetentionJob(Store, options, Clock, []);

        var pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();
        pruned["minute_rollups"].ShouldBe(0, "nothing is a week old yet");

        Clock.Advance(TimeSpan.FromDays(8));
        pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();
        pruned["minute_rollups"].ShouldBe(2, "the attempt's row and the message's row");
        pruned["hour_rollups"].ShouldBe(0);
        pruned.ShouldNotContainKey("day_rollups");
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(AnalyticsGrain.Minute, at)])).ShouldBeEmpty();
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(AnalyticsGrain.Hour, at)])).ShouldHaveSingleItem().Attempts.ShouldBe(1);

        Clock.Advance(TimeSpan.FromDays(23));
        pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();
        pruned["hour_rollups"].ShouldBe(2);
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(AnalyticsGrain.Hour, at)])).ShouldBeEmpty();
        (await Store.Analytics.AttemptsByKeyAsync(app.Id, [BucketAt(AnalyticsGrain.Day, at)])).ShouldHaveSingleItem().Succeeded.ShouldBe(1);
        (await Store.Analytics.MessagesAsync(app.Id, [BucketAt(AnalyticsGrain.Day, at)], byBucket: false)).ShouldHaveSingleItem().Messages.ShouldBe(1);
    }
}
