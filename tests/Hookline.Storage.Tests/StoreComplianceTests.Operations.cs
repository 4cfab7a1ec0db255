using Dapper;
using Hookline.Core.Alerts;
using Hookline.Core.Analytics;
using Hookline.Core.Audit;
using Hookline.Core.Deliveries;
using Hookline.Core.Exports;
using Hookline.Core.Ids;
using Hookline.Core.Paging;
using Hookline.Core.Retention;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

/// <summary>Analytics rollups, exports and their audit trail, the audit log, alert rules and retention.</summary>
public abstract partial class StoreComplianceTests
{
    private static IReadOnlyList<AnalyticsSpan> Around(DateTimeOffset at, TimeSpan? width = null)
    {
        var (from, to) = AnalyticsService.Align(at - (width ?? TimeSpan.FromDays(2)), at + TimeSpan.FromDays(1));
        return AnalyticsGrain.Cover(from, to);
    }

    [Fact]
    public async Task CompleteAsync_AddsEachAttemptToTheRollupsOfItsEndpointAndEventType_CarriedByTheEngineOrReadBack()
    {
        var app = await NewAppAsync();
        var first = await NewEndpointAsync(app.Id);
        var second = await NewEndpointAsync(app.Id);
        var published = await PublishAsync(app.Id);
        published.Deliveries.Count.ShouldBe(2);
        await ClaimAsync();
        var toFirst = published.Deliveries.Single(d => d.EndpointId == first.Id);
        var toSecond = published.Deliveries.Single(d => d.EndpointId == second.Id);
        await Store.Queue.CompleteAsync(
        [
            Outcome(toFirst.Id, DeliveryStatus.Succeeded),
            // The engine carries each claimed delivery's keys; an outcome without them is keyed from its row.
            Outcome(toSecond.Id, DeliveryStatus.Dead, statusCode: 503) with { Keys = DeliveryKeys.Of(toSecond) },
        ]);

        var rows = await Store.Analytics.AttemptsByKeyAsync(app.Id, Around(Now));

        var ofFirst = rows.Single(r => r.EndpointId == first.Id);
        ofFirst.EventType.ShouldBe("order.created");
        (ofFirst.Attempts, ofFirst.Succeeded, ofFirst.Failed, ofFirst.Dead).ShouldBe((1L, 1L, 0L, 0L));
        ofFirst.DurationMsSum.ShouldBe(120);
        ofFirst.Latency[LatencyBuckets.IndexOf(120)].ShouldBe(1);
        var ofSecond = rows.Single(r => r.EndpointId == second.Id);
        (ofSecond.Attempts, ofSecond.Succeeded, ofSecond.Failed, ofSecond.Dead).ShouldBe((1L, 0L, 1L, 1L));
        var errors = await Store.Analytics.ErrorsAsync(app.Id, Around(Now));
        errors.ShouldHaveSingleItem().ShouldBe(new ErrorTotals(second.Id, "order.created", AttemptErrorClasses.Status, 503, 1));
        var messages = await Store.Analytics.MessagesAsync(app.Id, Around(Now), byBucket: false);
        messages.ShouldHaveSingleItem().ShouldBe(new MessageTotals("order.created", 0, 1, 2));
    }

    [Fact]
    public async Task Rollups_ReadAtEveryGrain_GiveTheSameTotals()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        for (var i = 0; i < 3; i++)
        {
            var delivery = await PublishOneAsync(app.Id);
            await FinishAsync(delivery, i == 0 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded, Now + TimeSpan.FromDays(1));
            Clock.Advance(TimeSpan.FromMinutes(70));
        }
        var minute = AnalyticsGrain.Floor(Start.ToUnixTimeMilliseconds(), AnalyticsGrain.Day);

        foreach (var grain in AnalyticsGrain.All)
        {
            var rows = await Store.Analytics.AttemptsByKeyAsync(app.Id, [new AnalyticsSpan(grain, minute, minute + AnalyticsGrain.Day)]);
            var total = rows.ShouldHaveSingleItem();
            (total.Attempts, total.Succeeded, total.Failed).ShouldBe((3L, 2L, 1L), $"grain {grain}");
        }
        var hours = await Store.Analytics.AttemptsByBucketAsync(app.Id, new AnalyticsSpan(AnalyticsGrain.Hour, minute, minute + AnalyticsGrain.Day));
        hours.Sum(h => h.Attempts).ShouldBe(3);
        hours.Count.ShouldBe(3);
    }

    [Fact]
    public async Task QueueDepth_CountsDueWaitingSendingAndHeldDeliveries()
    {
        var app = await NewAppAsync();
        var open = await NewEndpointAsync(app.Id);
        var waiting = await PublishAsync(app.Id);
        await ClaimAsync();
        await Store.Queue.CompleteAsync(waiting.Deliveries.Select(d => Outcome(d.Id, DeliveryStatus.Failed, Now + TimeSpan.FromMinutes(5))).ToList());
        var other = await NewEndpointAsync(app.Id);
        await PublishAsync(app.Id);

        var depth = await Store.Analytics.QueueDepthAsync(Now, [open.Id]);

        depth.Due.ShouldBe(2, "the second message's two deliveries are due now");
        depth.HeldByOpenCircuits.ShouldBe(1);
        depth.WaitingRetry.ShouldBe(0);
        (await Store.Analytics.QueueDepthAsync(Now, [])).WaitingRetry.ShouldBe(1);
        other.ShouldNotBeNull();
    }

    [Fact]
    public async Task StreamDeliveries_YieldsEveryMatchingDeliveryNewestFirst()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await PublishOneAsync(app.Id)).Id);
        }
        var other = await NewAppAsync();
        await NewEndpointAsync(other.Id);
        await PublishOneAsync(other.Id);

        var streamed = new List<string>();
        await foreach (var d in Store.Exports.StreamDeliveriesAsync(app.Id, new DeliveryQuery(EndpointId: endpoint.Id)))
        {
            streamed.Add(d.Id);
        }

        streamed.ShouldBe(ids.AsEnumerable().Reverse().ToList());
    }

    [Fact]
    public async Task ExportRecords_AreCreatedFinishedAndListedByApp()
    {
        var app = await NewAppAsync();
        var record = new ExportRecord
        {
            Id = IdGenerator.New(IdPrefix.Export),
            KeyId = "key_1",
            AppId = app.Id,
            Resource = ExportResources.Deliveries,
            Format = ExportFormats.Csv,
            Filters = new Dictionary<string, string> { ["status"] = "dead" },
            CreatedAt = Now,
        };
        await Store.Exports.CreateAsync(record);
        await Store.Exports.FinishAsync(record.Id, ExportStatuses.Completed, 42, 4096, "ab12", Now + TimeSpan.FromSeconds(3));

        var listed = (await Store.Exports.ListAsync(app.Id, new PageRequest())).Data.ShouldHaveSingleItem();

        listed.ShouldBe(record with { Status = ExportStatuses.Completed, Rows = 42, Bytes = 4096, Sha256 = "ab12", FinishedAt = Now + TimeSpan.FromSeconds(3) },
            new ExportRecordComparer());
        (await Store.Exports.ListAsync("app_other", new PageRequest())).Data.ShouldBeEmpty();
    }

    private sealed class ExportRecordComparer : IEqualityComparer<ExportRecord>
    {
        public bool Equals(ExportRecord? x, ExportRecord? y) =>
            x is not null && y is not null && x.Id == y.Id && x.KeyId == y.KeyId && x.Status == y.Status && x.Rows == y.Rows && x.Bytes == y.Bytes
            && x.Sha256 == y.Sha256 && x.FinishedAt == y.FinishedAt && x.Filters.SequenceEqual(y.Filters);

        public int GetHashCode(ExportRecord obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_ListsNewestFirst_FilteredByActorTargetAndTime()
    {
        AuditEntry Entry(string actor, string target, DateTimeOffset at) => new()
        {
            Id = IdGenerator.New(IdPrefix.Audit),
            Actor = actor,
            AppId = "app_1",
            Action = "endpoint.updated",
            TargetType = "endpoint",
            TargetId = target,
            Method = "PATCH",
            Path = "/api/v1/apps/app_1/endpoints/" + target,
            StatusCode = 200,
            Fields = ["url", "secret"],
            CreatedAt = at,
        };
        await Store.Audit.AppendAsync(Entry("key_a", "ep_1", Now));
        await Store.Audit.AppendAsync(Entry("key_b", "ep_1", Now + TimeSpan.FromMinutes(1)));
        await Store.Audit.AppendAsync(Entry("key_a", "ep_2", Now + TimeSpan.FromMinutes(2)));

        (await Store.Audit.ListAsync(new AuditQuery(), new PageRequest())).Data.Select(e => e.Actor + e.TargetId).ShouldBe(["key_aep_2", "key_bep_1", "key_aep_1"]);
        (await Store.Audit.ListAsync(new AuditQuery(Actor: "key_a"), new PageRequest())).Data.Count.ShouldBe(2);
        (await Store.Audit.ListAsync(new AuditQuery(TargetId: "ep_1"), new PageRequest())).Data.Count.ShouldBe(2);
        var late = (await Store.Audit.ListAsync(new AuditQuery(Since: Now + TimeSpan.FromSeconds(30)), new PageRequest())).Data;
        late.Count.ShouldBe(2);
        late[0].Fields.ShouldBe(["url", "secret"]);
        (await Store.Audit.ListAsync(new AuditQuery(), new PageRequest(Limit: 1, Offset: 1))).Data.ShouldHaveSingleItem().Actor.ShouldBe("key_b");
    }

    [Fact]
    public async Task AlertRules_RoundTripAndKeepTheirState()
    {
        var app = await NewAppAsync();
        var rule = new AlertRule
        {
            Id = IdGenerator.New(IdPrefix.AlertRule),
            AppId = app.Id,
            Metric = AlertMetrics.FailureRate,
            Threshold = 0.25,
            Period = TimeSpan.FromMinutes(5),
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await Store.AlertRules.CreateAsync(rule);
        await Store.AlertRules.SaveStateAsync(rule.Id, AlertStates.Firing, 0.5, Now, Now);

        var read = (await Store.AlertRules.GetAsync(app.Id, rule.Id)).ShouldNotBeNull();

        read.ShouldBe(rule with { State = AlertStates.Firing, LastValue = 0.5, EvaluatedAt = Now, ChangedAt = Now });
        (await Store.AlertRules.ListAllAsync()).ShouldHaveSingleItem();
        (await Store.AlertRules.DeleteAsync("app_other", rule.Id)).ShouldBeFalse();
        (await Store.AlertRules.DeleteAsync(app.Id, rule.Id)).ShouldBeTrue();
        (await Store.AlertRules.GetAsync(app.Id, rule.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Backlog_CountsUnfinishedDeliveriesOfTheAppOrEndpoint()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var done = await PublishOneAsync(app.Id);
        await FinishAsync(done, DeliveryStatus.Succeeded);
        await PublishOneAsync(app.Id);
        await PublishOneAsync(app.Id);

        (await Store.AlertRules.BacklogAsync(app.Id, null)).ShouldBe(2);
        (await Store.AlertRules.BacklogAsync(app.Id, endpoint.Id)).ShouldBe(2);
        (await Store.AlertRules.BacklogAsync(app.Id, "ep_other")).ShouldBe(0);
    }

    [Fact]
    public async Task JobLease_IsHeldByOneOwnerUntilItExpires()
    {
        (await Store.Retention.TryLeaseJobAsync("retention", "node-a", Now + TimeSpan.FromMinutes(10), Now)).ShouldBeTrue();
        (await Store.Retention.TryLeaseJobAsync("retention", "node-b", Now + TimeSpan.FromMinutes(10), Now)).ShouldBeFalse();
        (await Store.Retention.TryLeaseJobAsync("retention", "node-a", Now + TimeSpan.FromMinutes(10), Now)).ShouldBeTrue("the holder renews");

        Clock.Advance(TimeSpan.FromMinutes(11));

        (await Store.Retention.TryLeaseJobAsync("retention", "node-b", Now + TimeSpan.FromMinutes(10), Now)).ShouldBeTrue("an expired lease is taken over");
        (await Store.Retention.TryLeaseJobAsync("retention", "node-a", Now + TimeSpan.FromMinutes(10), Now)).ShouldBeFalse();
    }

    [Fact]
    public async Task Retention_WithAFakeClock_PrunesOldPayloadsAttemptsAndIdempotencyRecords_KeepingMetadataAndUnfinishedWork()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var old = await PublishOneAsync(app.Id);
        await FinishAsync(old, DeliveryStatus.Succeeded);
        var stillRetrying = await PublishOneAsync(app.Id);
        await FinishAsync(stillRetrying, DeliveryStatus.Failed, Now + TimeSpan.FromDays(60));
        await Store.Idempotency.TryBeginAsync("admin", "key-old", "hash", Now);
        var options = new RetentionOptions { Payloads = TimeSpan.FromDays(30), Attempts = TimeSpan.FromDays(90), BatchSize = 1 };
        var job = new RetentionJob(Store, options, Clock, []);

        Clock.Advance(TimeSpan.FromDays(31));
        var fresh = await PublishOneAsync(app.Id);
        var pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();

        pruned["payloads"].ShouldBe(1);
        pruned["attempts"].ShouldBe(0);
        pruned["idempotency_records"].ShouldBe(1);
        var message = (await Store.Messages.GetAsync(app.Id, old.MessageId)).ShouldNotBeNull();
        message.PayloadPrunedAt.ShouldBe(Now);
        message.Payload.ShouldBe("null");
        message.EventType.ShouldBe("order.created");
        (await Store.Messages.GetAsync(app.Id, stillRetrying.MessageId))!.PayloadPrunedAt.ShouldBeNull("its retry still needs the payload");
        (await Store.Messages.GetAsync(app.Id, fresh.MessageId))!.PayloadPrunedAt.ShouldBeNull();
        (await Store.Deliveries.ListAttemptsAsync(old.Id)).Count.ShouldBe(1);

        Clock.Advance(TimeSpan.FromDays(60));
        pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();

        pruned["attempts"].ShouldBe(2, "batches of one until both old attempts are gone");
        (await Store.Deliveries.ListAttemptsAsync(old.Id)).ShouldBeEmpty();
        (await Store.Deliveries.GetAsync(app.Id, old.Id)).ShouldNotBeNull("the delivery itself stays");
        (await job.RunOnceAsync("node-b", CancellationToken.None)).ShouldBeNull("node-a holds the job");
    }

    [Fact]
    public async Task Lists_WithAnOffset_SkipThatManyRows()
    {
        await using var connection = await OpenRawAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM job_leases")).ShouldBe(0);
        var app = await NewAppAsync();
        for (var i = 0; i < 5; i++)
        {
            await Store.Audit.AppendAsync(new AuditEntry
            {
                Id = IdGenerator.New(IdPrefix.Audit),
                Actor = "key_" + i,
                AppId = app.Id,
                Action = "app.updated",
                TargetType = "app",
                Method = "PATCH",
                Path = "/",
                StatusCode = 200,
                CreatedAt = Now,
            });
        }

        var page = await Store.Audit.ListAsync(new AuditQuery(), new PageRequest(Limit: 2, Offset: 2));

        page.Data.Select(e => e.Actor).ShouldBe(["key_2", "key_1"]);
        page.Done.ShouldBeFalse();
    }
}
