using Hookline.Core.Deliveries;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Claim_ReturnsOnlyDueDeliveries_OldestDueFirst_WithTheirMessages()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var newer = await PublishOneAsync(app.Id, Start.AddMinutes(-1));
        var older = await PublishOneAsync(app.Id, Start.AddMinutes(-5));
        await PublishOneAsync(app.Id, Start.AddMinutes(1));

        var first = (await ClaimAsync(limit: 1)).ShouldHaveSingleItem();
        var second = (await ClaimAsync(limit: 5)).ShouldHaveSingleItem();

        first.Delivery.Id.ShouldBe(older.Id);
        first.Message.Id.ShouldBe(older.MessageId);
        first.Message.Payload.ShouldBe("""{"order":1}""");
        first.Trigger.ShouldBe(AttemptTriggers.Scheduled);
        first.RoundAttempts.ShouldBe(0);
        second.Delivery.Id.ShouldBe(newer.Id);
    }

    [Fact]
    public async Task FirstUnfinished_IsTheEndpointsEarliestPublishedDelivery_NotYetSucceededOrDead()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var otherApp = await NewAppAsync();
        var other = await NewEndpointAsync(otherApp.Id);
        await PublishOneAsync(otherApp.Id, Start.AddMinutes(-10));
        var first = await PublishOneAsync(app.Id, Start.AddMinutes(-3));
        var second = await PublishOneAsync(app.Id, Start.AddMinutes(-2));
        var third = await PublishOneAsync(app.Id, Start.AddMinutes(-1));

        (await Store.Queue.FirstUnfinishedAsync(endpoint.Id)).ShouldNotBeNull().Id.ShouldBe(first.Id);
        await FinishAsync(first, DeliveryStatus.Dead);
        (await Store.Queue.FirstUnfinishedAsync(endpoint.Id)).ShouldNotBeNull().Id.ShouldBe(second.Id);
        await FinishAsync(second, DeliveryStatus.Failed, Now.AddMinutes(5));
        await FinishAsync(third, DeliveryStatus.Succeeded);
        var head = (await Store.Queue.FirstUnfinishedAsync(endpoint.Id)).ShouldNotBeNull();
        head.Id.ShouldBe(second.Id);
        head.Status.ShouldBe(DeliveryStatus.Failed);
        head.NextAttemptAt.ShouldBe(Now.AddMinutes(5));
        await Store.Queue.ClaimAsync(new ClaimRequest(Owner, Now.AddMinutes(6), Now.AddMinutes(7), 10));
        await Store.Queue.CompleteAsync([Outcome(second.Id, DeliveryStatus.Succeeded, number: 2)]);
        (await Store.Queue.FirstUnfinishedAsync(endpoint.Id)).ShouldBeNull();
        (await Store.Queue.FirstUnfinishedAsync(other.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Claim_RespectsTheLimit()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        for (var i = 0; i < 5; i++)
        {
            await PublishOneAsync(app.Id);
        }

        (await ClaimAsync(limit: 3)).Count.ShouldBe(3);
        (await ClaimAsync(limit: 3)).Count.ShouldBe(2);
        (await ClaimAsync(limit: 3)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Claim_SkipsExcludedEndpoints()
    {
        var app = await NewAppAsync();
        var slow = await NewEndpointAsync(app.Id);
        var fast = await NewEndpointAsync(app.Id);
        var third = await NewEndpointAsync(app.Id);
        await PublishAsync(app.Id);

        var leased = await ClaimAsync(excluded: [slow.Id, third.Id]);

        leased.ShouldHaveSingleItem().Delivery.EndpointId.ShouldBe(fast.Id);
        (await ClaimAsync(excluded: [])).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Claim_MarksDeliveriesSending()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);

        var leased = (await ClaimAsync()).ShouldHaveSingleItem();

        leased.Delivery.Status.ShouldBe(DeliveryStatus.Sending);
        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Sending);
    }

    [Fact]
    public async Task Claim_BeforeLeaseExpiry_DoesNotReturnTheDeliveryAgain()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        await PublishOneAsync(app.Id);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(30))).ShouldHaveSingleItem();

        Clock.Advance(TimeSpan.FromSeconds(29));

        (await ClaimAsync("node-b")).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBe(Start.AddSeconds(30));
    }

    [Fact]
    public async Task Claim_AfterLeaseExpiry_ReturnsDeliveryAgain()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(30))).ShouldHaveSingleItem();

        Clock.Advance(TimeSpan.FromSeconds(30));

        (await ClaimAsync("node-b")).ShouldHaveSingleItem().Delivery.Id.ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task Complete_Succeeded_WritesTheAttempt_AndTheDeliveryIsNoLongerDue()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync()).ShouldHaveSingleItem();

        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Succeeded, statusCode: 204)]);

        var saved = await GetDeliveryAsync(delivery);
        saved.Status.ShouldBe(DeliveryStatus.Succeeded);
        saved.AttemptCount.ShouldBe(1);
        saved.LastStatusCode.ShouldBe(204);
        (await Store.Deliveries.ListAttemptsAsync(delivery.Id)).ShouldHaveSingleItem().StatusCode.ShouldBe(204);
        Clock.Advance(TimeSpan.FromDays(1));
        (await ClaimAsync()).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Complete_Failed_MakesTheDeliveryDueAtItsNextAttempt()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync()).ShouldHaveSingleItem();
        var retryAt = Now.AddMinutes(5);

        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Failed, retryAt)]);

        var saved = await GetDeliveryAsync(delivery);
        saved.Status.ShouldBe(DeliveryStatus.Failed);
        saved.NextAttemptAt.ShouldBe(retryAt);
        saved.LastError.ShouldBe("boom");
        (await Store.Queue.NextDueAsync()).ShouldBe(retryAt);
        (await ClaimAsync()).ShouldBeEmpty();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var again = (await ClaimAsync()).ShouldHaveSingleItem();
        again.Delivery.Id.ShouldBe(delivery.Id);
        again.RoundAttempts.ShouldBe(1);
    }

    [Fact]
    public async Task Complete_Dead_IsNeverDueAgain()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync()).ShouldHaveSingleItem();

        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Dead)]);

        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Dead);
        Clock.Advance(TimeSpan.FromDays(30));
        (await ClaimAsync()).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Complete_ManyOutcomesAtOnce_AppliesEachOfThem()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var ok = await PublishOneAsync(app.Id);
        var failed = await PublishOneAsync(app.Id);
        (await ClaimAsync()).Count.ShouldBe(2);

        await Store.Queue.CompleteAsync([Outcome(ok.Id, DeliveryStatus.Succeeded), Outcome(failed.Id, DeliveryStatus.Failed, Now.AddSeconds(5))]);

        (await GetDeliveryAsync(ok)).Status.ShouldBe(DeliveryStatus.Succeeded);
        (await GetDeliveryAsync(failed)).Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Fact]
    public async Task Complete_WithWrongOwner_IsIgnoredForTheDelivery_ButKeepsTheAttempt()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync(lease: TimeSpan.FromSeconds(10))).ShouldHaveSingleItem();
        Clock.Advance(TimeSpan.FromSeconds(10));
        (await ClaimAsync("node-b")).ShouldHaveSingleItem();

        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Succeeded, owner: Owner)]);

        var saved = await GetDeliveryAsync(delivery);
        saved.Status.ShouldBe(DeliveryStatus.Sending);
        saved.AttemptCount.ShouldBe(0);
        (await Store.Deliveries.ListAttemptsAsync(delivery.Id)).ShouldHaveSingleItem();
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Succeeded, owner: "node-b", number: 2)]);
        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task Release_WithDueTime_MakesTheDeliveryDueThen_WithoutSpendingAnAttempt()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync()).ShouldHaveSingleItem();
        var dueAt = Now.AddSeconds(20);

        await Store.Queue.ReleaseAsync(Owner, [delivery.Id], dueAt, Now);

        var saved = await GetDeliveryAsync(delivery);
        saved.Status.ShouldBe(DeliveryStatus.Pending);
        saved.AttemptCount.ShouldBe(0);
        (await Store.Queue.NextDueAsync()).ShouldBe(dueAt);
        (await ClaimAsync()).ShouldBeEmpty();
        Clock.Advance(TimeSpan.FromSeconds(20));
        (await ClaimAsync()).ShouldHaveSingleItem().Delivery.Id.ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task Release_OfAFailedDelivery_KeepsItFailed()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await FinishAsync(delivery, DeliveryStatus.Failed, Now);
        (await ClaimAsync()).ShouldHaveSingleItem();

        await Store.Queue.ReleaseAsync(Owner, [delivery.Id], Now, Now);

        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Failed);
    }

    [Fact]
    public async Task Release_WithoutDueTime_ParksTheDelivery()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync()).ShouldHaveSingleItem();

        await Store.Queue.ReleaseAsync(Owner, [delivery.Id], null, Now);

        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Pending);
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
        Clock.Advance(TimeSpan.FromDays(1));
        (await ClaimAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Release_ByAnotherOwner_LeavesTheLeaseAlone()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        (await ClaimAsync(lease: TimeSpan.FromMinutes(1))).ShouldHaveSingleItem();

        await Store.Queue.ReleaseAsync("node-b", [delivery.Id], Now, Now);

        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Sending);
        (await ClaimAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReleaseOwner_GivesBackOnlyThatOwnersLeases()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var mine = new[] { await PublishOneAsync(app.Id), await PublishOneAsync(app.Id) };
        (await ClaimAsync(Owner)).Count.ShouldBe(2);
        var theirs = await PublishOneAsync(app.Id);
        (await ClaimAsync("node-b")).ShouldHaveSingleItem();

        var released = await Store.Queue.ReleaseOwnerAsync(Owner, Now, Now);

        released.ShouldBe(2);
        (await GetDeliveryAsync(theirs)).Status.ShouldBe(DeliveryStatus.Sending);
        var reclaimed = await ClaimAsync("node-c");
        reclaimed.Select(l => l.Delivery.Id).Order(StringComparer.Ordinal).ShouldBe(mine.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NextDue_ReturnsTheEarliestDueTime_OrNullWhenNothingWaits()
    {
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        await PublishOneAsync(app.Id, Start.AddMinutes(3));
        await PublishOneAsync(app.Id, Start.AddMinutes(2));

        (await Store.Queue.NextDueAsync()).ShouldBe(Start.AddMinutes(2));
    }

    [Fact]
    public async Task ConcurrentClaims_NeverReturnTheSameDeliveryTwice()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        await NewEndpointAsync(app.Id);
        for (var i = 0; i < 250; i++)
        {
            await PublishAsync(app.Id, Start.AddMilliseconds(-i));
        }

        async Task<List<string>> Claimer(string owner)
        {
            var claimed = new List<string>();
            while (true)
            {
                var batch = await Store.Queue.ClaimAsync(new ClaimRequest(owner, Now, Now.AddMinutes(1), 7));
                if (batch.Count == 0)
                {
                    return claimed;
                }
                claimed.AddRange(batch.Select(l => l.Delivery.Id));
            }
        }
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Claimer($"node-{i}"))));

        var all = results.SelectMany(r => r).ToList();
        all.Count.ShouldBe(500);
        all.Distinct().Count().ShouldBe(500);
    }
}
