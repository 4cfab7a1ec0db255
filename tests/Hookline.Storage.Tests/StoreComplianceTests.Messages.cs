using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Publish_WritesTheMessageAndOneDeliveryPerFannedOutEndpoint()
    {
        var app = await NewAppAsync();
        var a = await NewEndpointAsync(app.Id);
        var b = await NewEndpointAsync(app.Id);

        var result = await PublishAsync(app.Id, eventId: "evt-1", channels: ["eu"]);

        result.Duplicate.ShouldBeFalse();
        result.Deliveries.Count.ShouldBe(2);
        var message = (await Store.Messages.GetAsync(app.Id, result.Message.Id)).ShouldNotBeNull();
        message.ShouldBe(result.Message with { Channels = message.Channels });
        message.Channels.ShouldBe(["eu"]);
        var stored = await Store.Deliveries.ListForMessageAsync(app.Id, result.Message.Id);
        stored.Select(d => d.EndpointId).OrderBy(x => x, StringComparer.Ordinal).ShouldBe(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal));
        stored.ShouldAllBe(d => d.Status == DeliveryStatus.Pending && d.MessageId == result.Message.Id);
    }

    [Fact]
    public async Task Publish_WritesOnlyTheDeliveriesFanOutReturns()
    {
        var app = await NewAppAsync();
        var kept = await NewEndpointAsync(app.Id);
        await NewEndpointAsync(app.Id);
        var message = NewMessage(app.Id, Now);

        var result = await Store.Messages.PublishAsync(message, endpoints => ToEvery(message)(endpoints.Where(e => e.Id == kept.Id).ToList()));

        (await Store.Deliveries.ListForMessageAsync(app.Id, message.Id)).ShouldHaveSingleItem().EndpointId.ShouldBe(kept.Id);
        result.Deliveries.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Publish_OffersOnlyTheAppsEnabledEndpointsToFanOut()
    {
        var app = await NewAppAsync();
        var enabled = await NewEndpointAsync(app.Id);
        await NewEndpointAsync(app.Id, disabled: true);
        await NewEndpointAsync((await NewAppAsync()).Id);
        IReadOnlyList<Endpoint>? offered = null;
        var message = NewMessage(app.Id, Now);

        await Store.Messages.PublishAsync(message, endpoints =>
        {
            offered = endpoints;
            return ToEvery(message)(endpoints);
        });

        offered.ShouldNotBeNull().ShouldHaveSingleItem().Id.ShouldBe(enabled.Id);
        offered[0].Url.ShouldBe("https://receiver.example/hooks");
    }

    [Fact]
    public async Task Publish_WithRepeatedEventId_ReturnsFirstMessage_AndWritesNothing()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var first = await PublishAsync(app.Id, eventId: "order-42");
        var fanOutCalled = false;
        var again = NewMessage(app.Id, Now.AddMinutes(1), eventId: "order-42");

        var result = await Store.Messages.PublishAsync(again, endpoints =>
        {
            fanOutCalled = true;
            return ToEvery(again)(endpoints);
        });

        result.Duplicate.ShouldBeTrue();
        result.Message.Id.ShouldBe(first.Message.Id);
        result.Deliveries.ShouldBeEmpty();
        fanOutCalled.ShouldBeFalse();
        (await Store.Messages.GetAsync(app.Id, again.Id)).ShouldBeNull();
        (await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest())).Data.ShouldHaveSingleItem();
        (await Store.Deliveries.ListAsync(app.Id, new DeliveryQuery(), new PageRequest())).Data.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Publish_SameEventIdConcurrently_WritesOneMessage_AndTheOthersSeeIt()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PublishAsync(app.Id, eventId: "order-7"))));

        var first = results.Where(r => !r.Duplicate).ShouldHaveSingleItem();
        results.ShouldAllBe(r => r.Message.Id == first.Message.Id);
        (await Store.Deliveries.ListAsync(app.Id, new DeliveryQuery(), new PageRequest())).Data.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Publish_SameEventIdInAnotherApp_IsNotADuplicate()
    {
        var app = await NewAppAsync();
        var other = await NewAppAsync();
        await PublishAsync(app.Id, eventId: "order-42");

        var result = await PublishAsync(other.Id, eventId: "order-42");

        result.Duplicate.ShouldBeFalse();
        (await Store.Messages.GetAsync(other.Id, result.Message.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Publish_WithoutEventIds_NeverCountsAsDuplicate()
    {
        var app = await NewAppAsync();

        (await PublishAsync(app.Id)).Duplicate.ShouldBeFalse();
        (await PublishAsync(app.Id)).Duplicate.ShouldBeFalse();

        (await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest())).Data.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetMessage_OfAnotherApp_ReturnsNull()
    {
        var app = await NewAppAsync();
        var published = await PublishAsync(app.Id);

        (await Store.Messages.GetAsync((await NewAppAsync()).Id, published.Message.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task ListMessages_PagesNewestFirst()
    {
        var app = await NewAppAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await PublishAsync(app.Id)).Message.Id);
        }

        var page = await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest(2));
        var rest = await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest(2, page.Iterator));

        page.Data.Select(m => m.Id).ShouldBe([ids[2], ids[1]]);
        page.Done.ShouldBeFalse();
        rest.Data.Select(m => m.Id).ShouldBe([ids[0]]);
        rest.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task ListMessages_FiltersByEventTypeTimeAndChannel()
    {
        var app = await NewAppAsync();
        var early = (await PublishAsync(app.Id, Start, "order.created", channels: ["eu", "vip"])).Message;
        var paid = (await PublishAsync(app.Id, Start.AddMinutes(10), "order.paid", channels: ["us"])).Message;
        var late = (await PublishAsync(app.Id, Start.AddMinutes(20), "order.created", channels: ["eu-west"])).Message;
        await PublishAsync((await NewAppAsync()).Id, Start, "order.created", channels: ["eu"]);

        async Task<IEnumerable<string>> Ids(MessageQuery q) =>
            (await Store.Messages.ListAsync(app.Id, q, new PageRequest())).Data.Select(m => m.Id);

        (await Ids(new MessageQuery(EventType: "order.created"))).ShouldBe([late.Id, early.Id]);
        (await Ids(new MessageQuery(Since: Start.AddMinutes(10)))).ShouldBe([late.Id, paid.Id]);
        (await Ids(new MessageQuery(Until: Start.AddMinutes(10)))).ShouldBe([early.Id]);
        (await Ids(new MessageQuery(Since: Start.AddMinutes(5), Until: Start.AddMinutes(15)))).ShouldBe([paid.Id]);
        (await Ids(new MessageQuery(Channel: "eu"))).ShouldBe([early.Id]);
        (await Ids(new MessageQuery(Channel: "us"))).ShouldBe([paid.Id]);
        (await Ids(new MessageQuery(EventType: "order.created", Channel: "vip"))).ShouldBe([early.Id]);
        (await Ids(new MessageQuery(Channel: "apac"))).ShouldBeEmpty();
    }
}
