using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Publish_ManyAtOnce_CommitsEveryMessageWithItsDeliveries_AndTheRollupCountsEachOnce()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        await NewEndpointAsync(app.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(_ => Task.Run(() => PublishAsync(app.Id))));

        results.ShouldAllBe(r => !r.Duplicate && r.Deliveries.Count == 2);
        results.Select(r => r.Message.Id).Distinct().Count().ShouldBe(120);
        foreach (var result in results.Take(10))
        {
            (await Store.Deliveries.ListForMessageAsync(app.Id, result.Message.Id)).Count.ShouldBe(2);
        }
        await using var connection = await OpenRawAsync();
        var (messages, deliveries) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT SUM(messages), SUM(deliveries) FROM analytics_messages WHERE app_id = @app AND grain = 60000", new { app = app.Id });
        messages.ShouldBe(120);
        deliveries.ShouldBe(240);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE app_id = @app", new { app = app.Id })).ShouldBe(240);
    }

    [Fact]
    public async Task Publish_ManyAtOnceWithOneEventId_WritesOneMessage_AndEveryCallerGetsIt()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => PublishAsync(app.Id, eventId: "evt-same"))));

        results.Count(r => !r.Duplicate).ShouldBe(1);
        results.Select(r => r.Message.Id).Distinct().ShouldHaveSingleItem();
        await using var connection = await OpenRawAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE app_id = @app", new { app = app.Id })).ShouldBe(1);
    }

    [Fact]
    public async Task Publish_WhenOneWriteAmongManyFails_OnlyThatOneFails_AndNothingOfItIsWritten()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var doomed = NewMessage(app.Id, Now);

        var publishes = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            if (i != 30)
            {
                return (await PublishAsync(app.Id)).Message.Id;
            }
            await Store.Messages.PublishAsync(doomed, _ => throw new InvalidOperationException("fan-out refused"));
            return "unreachable";
        })).ToList();

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => publishes[30]);
        failure.Message.ShouldBe("fan-out refused");
        var published = await Task.WhenAll(publishes.Where((_, i) => i != 30));
        published.Distinct().Count().ShouldBe(59);
        (await Store.Messages.GetAsync(app.Id, doomed.Id)).ShouldBeNull();
        await using var connection = await OpenRawAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT SUM(messages) FROM analytics_messages WHERE app_id = @app AND grain = 60000", new { app = app.Id })).ShouldBe(59);
    }

    [Fact]
    public async Task Publish_AfterAnotherNodeChangedTheAppsEndpoints_OffersTheEndpointsAsTheyAreNow()
    {
        var app = await NewAppAsync();
        var first = await NewEndpointAsync(app.Id);
        var other = await OpenAnotherNodeAsync();
        (await OfferedAsync(app.Id)).ShouldBe([first.Id]);

        var second = NewEndpointFor(app.Id);
        await other.Endpoints.CreateAsync(second, new EndpointSecret("whsec_c2VjcmV0LW9uZQ==", Now, null));
        (await OfferedAsync(app.Id)).ShouldBe(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal));

        await other.Endpoints.UpdateAsync(first with { Disabled = true }, Now);
        (await OfferedAsync(app.Id)).ShouldBe([second.Id]);

        await other.Endpoints.UpdateAsync(second with { Url = "https://receiver.example/moved" }, Now);
        var offered = await OfferedEndpointsAsync(app.Id);
        offered.ShouldHaveSingleItem().Url.ShouldBe("https://receiver.example/moved");

        (await other.Endpoints.DeleteAsync(app.Id, second.Id, Now)).ShouldBeTrue();
        (await OfferedAsync(app.Id)).ShouldBeEmpty();
    }

    private async Task<IReadOnlyList<string>> OfferedAsync(string appId) =>
        (await OfferedEndpointsAsync(appId)).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();

    private async Task<IReadOnlyList<Endpoint>> OfferedEndpointsAsync(string appId)
    {
        IReadOnlyList<Endpoint> offered = [];
        var message = NewMessage(appId, Now);
        await Store.Messages.PublishAsync(message, endpoints =>
        {
            offered = endpoints;
            return [];
        });
        return offered;
    }

    private Endpoint NewEndpointFor(string appId) => new()
    {
        Id = Core.Ids.IdGenerator.New(Core.Ids.IdPrefix.Endpoint),
        AppId = appId,
        Url = "https://receiver.example/hooks",
        EventTypes = ["order.created"],
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
