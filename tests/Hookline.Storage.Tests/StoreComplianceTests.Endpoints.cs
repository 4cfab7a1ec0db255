using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Paging;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task CreateEndpoint_ThenGetAndFind_ReturnTheWholeConfig()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        var got = (await Store.Endpoints.GetAsync(app.Id, endpoint.Id)).ShouldNotBeNull();
        var found = (await Store.Endpoints.FindAsync(endpoint.Id)).ShouldNotBeNull();

        got.Url.ShouldBe("https://receiver.example/hooks");
        got.EventTypes.ShouldBe(["order.created", "order.paid"]);
        got.Channels.ShouldBe(["eu"]);
        got.Headers.ShouldContainKeyAndValue("X-Tenant", "42");
        got.RateLimitPerSecond.ShouldBe(5);
        got.CreatedAt.ShouldBe(Start);
        found.Id.ShouldBe(endpoint.Id);
    }

    [Fact]
    public async Task GetEndpoint_OfAnotherApp_ReturnsNull()
    {
        var app = await NewAppAsync();
        var other = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Endpoints.GetAsync(other.Id, endpoint.Id)).ShouldBeNull();
        (await Store.Endpoints.FindAsync("ep_missing")).ShouldBeNull();
    }

    [Fact]
    public async Task ListEndpoints_PagesNewestFirst_WithinTheApp()
    {
        var app = await NewAppAsync();
        var first = await NewEndpointAsync(app.Id);
        var second = await NewEndpointAsync(app.Id);
        var third = await NewEndpointAsync(app.Id);
        await NewEndpointAsync((await NewAppAsync()).Id);

        var page = await Store.Endpoints.ListAsync(app.Id, new PageRequest(2));
        var rest = await Store.Endpoints.ListAsync(app.Id, new PageRequest(2, page.Iterator));

        page.Data.Select(e => e.Id).ShouldBe([third.Id, second.Id]);
        page.Done.ShouldBeFalse();
        rest.Data.Select(e => e.Id).ShouldBe([first.Id]);
        rest.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task UpdateEndpoint_SavesTheNewConfig()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        await Store.Endpoints.UpdateAsync(endpoint with { Url = "https://other.example/in", EventTypes = [], TimeoutSeconds = 3, UpdatedAt = Start.AddHours(2) }, Now);

        var saved = (await Store.Endpoints.GetAsync(app.Id, endpoint.Id)).ShouldNotBeNull();
        saved.Url.ShouldBe("https://other.example/in");
        saved.EventTypes.ShouldBeEmpty();
        saved.TimeoutSeconds.ShouldBe(3);
        saved.UpdatedAt.ShouldBe(Start.AddHours(2));
    }

    [Fact]
    public async Task DisablingEndpoint_ParksItsUnfinishedDeliveries()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);

        await Store.Endpoints.UpdateAsync(endpoint with { Disabled = true, DisabledReason = "410 Gone" }, Now);
        Clock.Advance(TimeSpan.FromDays(1));

        (await ClaimAsync()).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
        (await GetDeliveryAsync(delivery)).Status.ShouldBe(DeliveryStatus.Pending);
        (await Store.Endpoints.FindAsync(endpoint.Id)).ShouldNotBeNull().Disabled.ShouldBeTrue();
    }

    [Fact]
    public async Task EnablingEndpoint_MakesParkedDeliveriesDueNow()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        await Store.Endpoints.UpdateAsync(endpoint with { Disabled = true }, Now);
        Clock.Advance(TimeSpan.FromHours(1));

        await Store.Endpoints.UpdateAsync(endpoint with { Disabled = false }, Now);

        (await Store.Queue.NextDueAsync()).ShouldBe(Now);
        (await ClaimAsync()).ShouldHaveSingleItem().Delivery.Id.ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task EnablingEndpoint_KeepsAFailedDeliverysOwnRetryTime()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id);
        var retryAt = Now.AddHours(2);
        await FinishAsync(delivery, DeliveryStatus.Failed, retryAt);
        await Store.Endpoints.UpdateAsync(endpoint with { Disabled = true }, Now);

        await Store.Endpoints.UpdateAsync(endpoint with { Disabled = false }, Now.AddMinutes(1));

        (await Store.Queue.NextDueAsync()).ShouldBe(retryAt);
    }

    [Fact]
    public async Task DeleteEndpoint_SkipsUnfinishedDeliveries_AndKeepsFinishedOnes()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var done = await PublishOneAsync(app.Id);
        await FinishAsync(done, DeliveryStatus.Succeeded);
        var waiting = await PublishOneAsync(app.Id);
        var inFlight = await PublishOneAsync(app.Id);
        var failing = await PublishOneAsync(app.Id);
        await FinishAsync(failing, DeliveryStatus.Failed, Now.AddMinutes(5));
        var leased = await ClaimAsync(limit: 100);
        leased.Select(l => l.Delivery.Id).ShouldContain(inFlight.Id);
        await Store.Queue.ReleaseAsync(Owner, [waiting.Id], Now, Now);

        (await Store.Endpoints.DeleteAsync(app.Id, endpoint.Id, Now)).ShouldBeTrue();

        (await Store.Endpoints.GetAsync(app.Id, endpoint.Id)).ShouldBeNull();
        (await Store.Endpoints.GetSecretsAsync(endpoint.Id)).ShouldBeEmpty();
        (await GetDeliveryAsync(done)).Status.ShouldBe(DeliveryStatus.Succeeded);
        (await GetDeliveryAsync(waiting)).Status.ShouldBe(DeliveryStatus.Skipped);
        (await GetDeliveryAsync(inFlight)).Status.ShouldBe(DeliveryStatus.Skipped);
        (await GetDeliveryAsync(failing)).Status.ShouldBe(DeliveryStatus.Skipped);
        Clock.Advance(TimeSpan.FromDays(1));
        (await ClaimAsync()).ShouldBeEmpty();
        (await Store.Queue.NextDueAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteEndpoint_OfAnotherAppOrUnknown_ReturnsFalseAndKeepsIt()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);

        (await Store.Endpoints.DeleteAsync((await NewAppAsync()).Id, endpoint.Id, Now)).ShouldBeFalse();
        (await Store.Endpoints.DeleteAsync(app.Id, "ep_missing", Now)).ShouldBeFalse();
        (await Store.Endpoints.FindAsync(endpoint.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task EndpointSecret_IsStoredEncrypted_AndReadBackInPlain()
    {
        const string secret = "whsec_dG9wLXNlY3JldC12YWx1ZQ==";
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id, secret: secret);

        await using (var raw = await OpenRawAsync())
        {
            var stored = await raw.QuerySingleAsync<string>("SELECT secret FROM endpoint_secrets");
            stored.ShouldNotContain("dG9wLXNlY3JldC12YWx1ZQ");
            stored.ShouldNotBe(secret);
        }
        var secrets = await Store.Endpoints.GetSecretsAsync(endpoint.Id);
        secrets.ShouldHaveSingleItem().ShouldBe(new EndpointSecret(secret, Start, null));
    }

    [Fact]
    public async Task RotateSecret_KeepsThePreviousOneUntilItExpires_NewestFirst()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id, secret: "whsec_b2xk");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var expires = Now.AddHours(24);

        await Store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret("whsec_bmV3", Now, null), expires);

        var secrets = await Store.Endpoints.GetSecretsAsync(endpoint.Id);
        secrets.ShouldBe([new EndpointSecret("whsec_bmV3", Now, null), new EndpointSecret("whsec_b2xk", Start, expires)]);
    }

    [Fact]
    public async Task RotateSecret_DoesNotExtendAnAlreadyExpiringSecret()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id, secret: "whsec_b25l");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret("whsec_dHdv", Now, null), Now.AddHours(1));
        Clock.Advance(TimeSpan.FromMinutes(1));

        await Store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret("whsec_dGhyZWU=", Now, null), Now.AddHours(24));

        var secrets = await Store.Endpoints.GetSecretsAsync(endpoint.Id);
        secrets.Select(s => s.Value).ShouldBe(["whsec_dGhyZWU=", "whsec_dHdv", "whsec_b25l"]);
        secrets[1].ExpiresAt.ShouldBe(Now.AddHours(24));
        secrets[2].ExpiresAt.ShouldBe(Start.AddMinutes(1).AddHours(1));
    }
}
