using Hookline.Core.Deliveries;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task GetDelivery_OfAnotherApp_ReturnsNull()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);

        (await Store.Deliveries.GetAsync(app.Id, delivery.Id)).ShouldNotBeNull().EndpointId.ShouldBe(delivery.EndpointId);
        (await Store.Deliveries.GetAsync((await NewAppAsync()).Id, delivery.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task ListDeliveries_FiltersByStatusEndpointEventTypeMessageAndTime()
    {
        var app = await NewAppAsync();
        var a = await NewEndpointAsync(app.Id);
        var early = await PublishAsync(app.Id, Start, "order.created");
        var later = await PublishAsync(app.Id, Start.AddMinutes(10), "order.paid");
        var b = await NewEndpointAsync(app.Id);
        var last = await PublishAsync(app.Id, Start.AddMinutes(20), "order.created");
        Clock.Advance(TimeSpan.FromMinutes(30));
        var succeeded = early.Deliveries.ShouldHaveSingleItem();
        await FinishAsync(succeeded, DeliveryStatus.Succeeded);
        await PublishAsync((await NewAppAsync()).Id, Start);

        async Task<IEnumerable<string>> Ids(DeliveryQuery q) =>
            (await Store.Deliveries.ListAsync(app.Id, q, new PageRequest())).Data.Select(d => d.Id);
        var lastOnA = last.Deliveries.Single(d => d.EndpointId == a.Id).Id;
        var lastOnB = last.Deliveries.Single(d => d.EndpointId == b.Id).Id;
        var laterOnA = later.Deliveries.ShouldHaveSingleItem().Id;

        (await Ids(new DeliveryQuery())).Count().ShouldBe(4);
        (await Ids(new DeliveryQuery(Status: DeliveryStatus.Succeeded))).ShouldBe([succeeded.Id]);
        (await Ids(new DeliveryQuery(Status: DeliveryStatus.Pending))).ShouldBe(new[] { lastOnA, lastOnB, laterOnA }.OrderDescending(StringComparer.Ordinal));
        (await Ids(new DeliveryQuery(EndpointId: b.Id))).ShouldBe([lastOnB]);
        (await Ids(new DeliveryQuery(EventType: "order.paid"))).ShouldBe([laterOnA]);
        (await Ids(new DeliveryQuery(MessageId: last.Message.Id))).OrderBy(x => x, StringComparer.Ordinal).ShouldBe(new[] { lastOnA, lastOnB }.Order(StringComparer.Ordinal));
        (await Ids(new DeliveryQuery(Since: Start.AddMinutes(5), Until: Start.AddMinutes(15)))).ShouldBe([laterOnA]);
        (await Ids(new DeliveryQuery(Status: DeliveryStatus.Pending, EndpointId: a.Id, EventType: "order.created"))).ShouldBe([lastOnA]);
    }

    [Fact]
    public async Task ListDeliveries_PagesNewestFirst()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await PublishOneAsync(app.Id)).Id);
        }

        var page = await Store.Deliveries.ListAsync(app.Id, new DeliveryQuery(), new PageRequest(2));
        var rest = await Store.Deliveries.ListAsync(app.Id, new DeliveryQuery(), new PageRequest(2, page.Iterator));

        page.Data.Select(d => d.Id).ShouldBe([ids[2], ids[1]]);
        page.Done.ShouldBeFalse();
        rest.Data.Select(d => d.Id).ShouldBe([ids[0]]);
        rest.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task ListAttempts_ReturnsEveryAttemptOldestFirst()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Failed, Now.AddSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(5));
        (await ClaimAsync()).ShouldHaveSingleItem();
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Succeeded, number: 2)]);

        var attempts = await Store.Deliveries.ListAttemptsAsync(delivery.Id);

        attempts.Select(a => a.AttemptNumber).ShouldBe([1, 2]);
        attempts[0].StatusCode.ShouldBe(500);
        attempts[0].ErrorClass.ShouldBe(AttemptErrorClasses.Status);
        attempts[0].Error.ShouldBe("boom");
        attempts[0].StartedAt.ShouldBe(Start);
        attempts[1].StatusCode.ShouldBe(200);
        attempts[1].ResponseBody.ShouldBe("ok");
        attempts[1].DurationMs.ShouldBe(120);
        attempts[1].Trigger.ShouldBe(AttemptTriggers.Scheduled);
    }

    [Fact]
    public async Task Requeue_OneDeadDelivery_IsClaimedNextWithItsTrigger_AsAnExtraAttemptOutsideAnyRound()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Failed, Now);
        (await ClaimAsync()).ShouldHaveSingleItem().RoundAttempts.ShouldBe(1);
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Dead, number: 2)]);
        var untouched = await PublishOneAsync(app.Id);
        await FinishAsync(untouched, DeliveryStatus.Dead);
        Clock.Advance(TimeSpan.FromHours(1));

        var count = await Store.Deliveries.RequeueAsync(app.Id, new RequeueFilter([DeliveryStatus.Dead], DeliveryId: delivery.Id), AttemptTriggers.Manual, Now);

        count.ShouldBe(1);
        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Pending);
        (await GetDeliveryAsync(untouched)).Status.ShouldBe(DeliveryStatus.Dead);
        var leased = (await ClaimAsync()).ShouldHaveSingleItem();
        leased.Delivery.Id.ShouldBe(delivery.Id);
        leased.Trigger.ShouldBe(AttemptTriggers.Manual);
        leased.RoundAttempts.ShouldBe(Hookline.Core.Deliveries.DeliveryStateMachine.ExtraAttempt);
        leased.Delivery.AttemptCount.ShouldBe(2);
    }

    [Fact]
    public async Task Requeue_OfAnotherAppOrOtherStatus_TouchesNothing()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Succeeded);

        (await Store.Deliveries.RequeueAsync(app.Id, new RequeueFilter([DeliveryStatus.Dead], DeliveryId: delivery.Id), AttemptTriggers.Manual, Now)).ShouldBe(0);
        (await Store.Deliveries.RequeueAsync((await NewAppAsync()).Id, new RequeueFilter([DeliveryStatus.Succeeded], DeliveryId: delivery.Id), AttemptTriggers.Manual, Now)).ShouldBe(0);
        (await Store.Deliveries.RequeueAsync(app.Id, new RequeueFilter([]), AttemptTriggers.Replay, Now)).ShouldBe(0);
        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task Requeue_ByEndpointAndTimeRange_RequeuesOnlyMatchingDeliveries()
    {
        var app = await NewAppAsync();
        var a = await NewEndpointAsync(app.Id);
        await NewEndpointAsync(app.Id);
        var before = await PublishAsync(app.Id, Start);
        var inside = await PublishAsync(app.Id, Start.AddMinutes(10));
        var after = await PublishAsync(app.Id, Start.AddMinutes(20));
        Clock.Advance(TimeSpan.FromMinutes(30));
        var all = new[] { before, inside, after }.SelectMany(p => p.Deliveries).ToList();
        (await ClaimAsync()).Count.ShouldBe(6);
        await Store.Queue.CompleteAsync(all.Select(d => Outcome(d.Id, DeliveryStatus.Dead)).ToList());
        var insideOnA = inside.Deliveries.Single(d => d.EndpointId == a.Id);

        var count = await Store.Deliveries.RequeueAsync(app.Id,
            new RequeueFilter([DeliveryStatus.Failed, DeliveryStatus.Dead], EndpointId: a.Id, Since: Start.AddMinutes(5), Until: Start.AddMinutes(15)),
            AttemptTriggers.Recover, Now);

        count.ShouldBe(1);
        var leased = (await ClaimAsync()).ShouldHaveSingleItem();
        leased.Delivery.Id.ShouldBe(insideOnA.Id);
        leased.Trigger.ShouldBe(AttemptTriggers.Recover);
        foreach (var other in all.Where(d => d.Id != insideOnA.Id))
        {
            (await GetDeliveryAsync(other)).Status.ShouldBe(DeliveryStatus.Dead);
        }
    }

    [Fact]
    public async Task EndpointStats_CountsByStatus_AndReportsTheLastAttempt()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var ok = await PublishOneAsync(app.Id);
        await FinishAsync(ok, DeliveryStatus.Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var failing = await PublishOneAsync(app.Id);
        await FinishAsync(failing, DeliveryStatus.Failed, Now.AddHours(1));
        await PublishOneAsync(app.Id);
        await PublishOneAsync(app.Id);
        (await ClaimAsync(limit: 1)).ShouldHaveSingleItem();
        await NewEndpointAsync((await NewAppAsync()).Id);

        var stats = await Store.Deliveries.GetEndpointStatsAsync(endpoint.Id);

        stats.ShouldBe(new EndpointStats(Pending: 1, Sending: 1, Succeeded: 1, Failed: 1, Dead: 0, Skipped: 0, LastAttemptAt: Start.AddMinutes(1), LastStatusCode: 500));
    }

    [Fact]
    public async Task EndpointStats_WithoutDeliveries_AreZero()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Deliveries.GetEndpointStatsAsync(endpoint.Id)).ShouldBe(new EndpointStats(0, 0, 0, 0, 0, 0, null, null));
    }

    [Fact]
    public async Task EndpointStats_LastAttempt_IsTheLatestStarted_EvenOnAnOlderDeliveryRetriedLater()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var older = await PublishOneAsync(app.Id);
        await FinishAsync(older, DeliveryStatus.Failed, Now.AddMinutes(2));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await PublishOneAsync(app.Id);
        await FinishAsync(newer, DeliveryStatus.Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(2));

        await FinishAsync(older, DeliveryStatus.Failed, Now.AddHours(1));

        var stats = await Store.Deliveries.GetEndpointStatsAsync(endpoint.Id);
        stats.LastAttemptAt.ShouldBe(Start.AddMinutes(3));
        stats.LastStatusCode.ShouldBe(500);
    }
}
