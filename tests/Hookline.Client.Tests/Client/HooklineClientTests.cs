using System.Net;
using System.Text.Json;
using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Client;

public sealed class HooklineClientTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private HooklineClient Client => _server.Client;

    [Fact]
    public async Task Apps_CreateGetUpdateDelete_RoundTripThroughTheServer()
    {
        var created = await Client.Apps.CreateAsync(new AppCreate("Shop", "shop", new Dictionary<string, string> { ["team"] = "orders" }));
        created.Id.ShouldStartWith("app_");
        (await Client.Apps.GetAsync("shop")).Id.ShouldBe(created.Id);
        (await Client.Apps.UpdateAsync(created.Id, new AppPatch(Name: "Shop EU"))).Name.ShouldBe("Shop EU");
        (await Client.Apps.GetAsync(created.Id)).Metadata["team"].ShouldBe("orders");
        await Client.Apps.DeleteAsync(created.Id);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Apps.GetAsync(created.Id));
    }

    [Fact]
    public async Task List_PagesThroughEveryItem()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await Client.Apps.CreateAsync(new AppCreate($"app {i}"))).Id);
        }
        var listed = new List<string>();
        await foreach (var app in Client.Apps.ListAsync(pageSize: 3))
        {
            listed.Add(app.Id);
        }
        listed.Order().ShouldBe(ids.Order());
    }

    [Fact]
    public async Task Problems_AreTypedExceptions_NamingTheFields()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("problems"));
        var invalid = await Should.ThrowAsync<HooklineValidationException>(() =>
            Client.Endpoints.CreateAsync(app.Id, new EndpointOptions { Url = "not a url", TimeoutSeconds = 500 }));
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        invalid.Errors.Keys.ShouldBe(["url", "timeout_seconds"], ignoreOrder: true);

        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Messages.GetAsync(app.Id, "msg_nope"));
        using var anonymous = new HooklineClient(_server.Host.BaseAddress, "hk_wrong_key_0000000000000000");
        (await Should.ThrowAsync<HooklineAuthException>(() => anonymous.Apps.GetAsync(app.Id))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await Client.Apps.CreateAsync(new AppCreate("first", "taken"));
        (await Should.ThrowAsync<HooklineConflictException>(() => Client.Apps.CreateAsync(new AppCreate("second", "taken")))).Detail.ShouldContain("taken");
    }

    [Fact]
    public async Task Publish_RetriedAfterALostAnswer_PublishesOnce()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("retries"));
        // The first answer is lost after the server acted on it: the client retries under the same idempotency key.
        var flaky = new LoseFirstAnswer { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(flaky);
        using var client = new HooklineClient(http, new HooklineClientOptions
        {
            BaseAddress = _server.Host.BaseAddress,
            ApiKey = TestHost.AdminKey,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });
        var published = await client.Messages.PublishAsync(app.Id, "order.created", new { order = 42 });

        flaky.Requests.Count.ShouldBe(2);
        flaky.Requests[0].IdempotencyKey.ShouldNotBeNullOrEmpty();
        flaky.Requests[1].IdempotencyKey.ShouldBe(flaky.Requests[0].IdempotencyKey);
        var messages = new List<Message>();
        await foreach (var m in Client.Messages.ListAsync(app.Id))
        {
            messages.Add(m);
        }
        messages.ShouldHaveSingleItem().Id.ShouldBe(published.Id);
        messages[0].Payload.GetProperty("order").GetInt32().ShouldBe(42);

        var second = await Client.Messages.PublishAsync(app.Id, "order.created", new { order = 43 });
        second.Id.ShouldNotBe(published.Id, "each publish call has its own key");
    }

    [Fact]
    public async Task EveryResource_FromEndpointToReplay_WorksAgainstARealServer()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var app = await Client.Apps.CreateAsync(new AppCreate("resources"));
        await Client.EventTypes.CreateAsync(new EventTypeCreate("invoice.paid", "an invoice was paid"));
        (await Client.EventTypes.GetAsync("invoice.paid")).Description.ShouldBe("an invoice was paid");
        (await Client.EventTypes.UpdateAsync("invoice.paid", new EventTypePatch(Description: "paid"))).Description.ShouldBe("paid");

        var endpoint = await Client.Endpoints.CreateAsync(app.Id, new EndpointOptions
        {
            Url = receiver.Url("/ok"),
            EventTypes = ["invoice.paid"],
            SignatureScheme = "hmac-sha256-hex",
            Secret = "a-shared-secret-of-hmac",
        });
        (await Client.Endpoints.GetAsync(app.Id, endpoint.Id)).Circuit!.State.ShouldBe("closed");
        (await Client.Endpoints.UpdateAsync(app.Id, endpoint.Id, new EndpointOptions { Description = "billing" })).Description.ShouldBe("billing");
        (await Client.Endpoints.GetSecretAsync(app.Id, endpoint.Id)).Secret.ShouldBe("a-shared-secret-of-hmac");

        var published = await Client.Messages.PublishAsync(app.Id, "invoice.paid", JsonDocument.Parse("""{"amount":12}""").RootElement, eventId: "inv-1");
        published.Deliveries.ShouldBe(1);
        (await Client.Messages.PublishAsync(app.Id, "invoice.paid", new { amount = 12 }, eventId: "inv-1")).Id.ShouldBe(published.Id);

        Delivery? delivery = null;
        await Eventually.HoldsAsync(async () =>
        {
            delivery = (await Client.Messages.ListDeliveriesAsync(app.Id, published.Id)).Single();
            return delivery.Status == "succeeded";
        }, TimeSpan.FromSeconds(30), "the delivery succeeds");
        var detail = await Client.Deliveries.GetAsync(app.Id, delivery!.Id);
        detail.Attempts.ShouldHaveSingleItem().StatusCode.ShouldBe(200);

        var retried = await Client.Deliveries.RetryAsync(app.Id, delivery.Id);
        retried.Status.ShouldBe("pending");
        await Eventually.HoldsAsync(async () => (await Client.Deliveries.GetAsync(app.Id, delivery.Id)).Attempts.Count == 2,
            TimeSpan.FromSeconds(30), "the retried delivery is sent again");
        receiver.At("/ok").Count.ShouldBe(2);

        var listed = new List<Delivery>();
        await foreach (var d in Client.Deliveries.ListAsync(app.Id, new DeliveryFilter(EndpointId: endpoint.Id)))
        {
            listed.Add(d);
        }
        listed.ShouldHaveSingleItem().Id.ShouldBe(delivery.Id);
        (await Client.Deliveries.ReplayAsync(app.Id, endpoint.Id)).Requeued.ShouldBe(0, "nothing is dead");
        (await Client.Endpoints.RecoverAsync(app.Id, endpoint.Id, DateTimeOffset.UtcNow.AddHours(-1))).Requeued.ShouldBe(0, "nothing failed");
        var stats = await Client.Endpoints.GetStatsAsync(app.Id, endpoint.Id);
        stats.Succeeded.ShouldBe(1);

        var test = await Client.Endpoints.SendTestAsync(app.Id, endpoint.Id);
        test.DeliveryId.ShouldStartWith("dlv_");

        var key = await Client.ApiKeys.CreateAsync(app.Id, "ci");
        (await Client.ApiKeys.ListAsync(app.Id)).ShouldContain(k => k.Id == key.Id);
        using var scoped = new HooklineClient(_server.Host.BaseAddress, key.Key);
        (await scoped.Messages.GetAsync(app.Id, published.Id)).EventId.ShouldBe("inv-1");
        await Client.ApiKeys.DeleteAsync(app.Id, key.Id);

        await Client.Endpoints.DeleteAsync(app.Id, endpoint.Id);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Endpoints.GetAsync(app.Id, endpoint.Id));
        await Client.EventTypes.ArchiveAsync("invoice.paid");
        (await Client.EventTypes.GetAsync("invoice.paid")).Archived.ShouldBeTrue();
    }

    [Fact]
    public async Task Ed25519Endpoint_ShowsOnlyThePublicKey_AndRotationSaysWhenEachKeySigns()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("keys"));
        var endpoint = await Client.Endpoints.CreateAsync(app.Id, new EndpointOptions { Url = "https://example.com/hook", SignatureScheme = "standard-webhooks-ed25519" });
        endpoint.Secret.ShouldStartWith("whpk_");
        var secret = await Client.Endpoints.GetSecretAsync(app.Id, endpoint.Id);
        secret.Secret.ShouldBe(endpoint.Secret);
        secret.PublicKey.ShouldBe(endpoint.Secret);

        var before = DateTimeOffset.UtcNow;
        var rotated = await Client.Endpoints.RotateSecretAsync(app.Id, endpoint.Id, gracePeriod: TimeSpan.FromHours(2));
        rotated.Secret.ShouldStartWith("whpk_");
        rotated.Secret.ShouldNotBe(endpoint.Secret);
        rotated.NewSecretSignsFrom.ShouldBeLessThan(before.AddMinutes(1), "both keys sign during the grace period");
        rotated.PreviousExpiresAt.ShouldBeGreaterThan(before.AddHours(1.9));

        var invalid = await Should.ThrowAsync<HooklineValidationException>(() => Client.Endpoints.RotateSecretAsync(app.Id, endpoint.Id, secret: "whsec_" + Convert.ToBase64String(new byte[24])));
        invalid.Errors.Keys.ShouldContain("secret");
    }

    [Fact]
    public async Task SingleSignatureScheme_Rotation_KeepsTheOldSecretSigningThroughTheGracePeriod()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("hmac"));
        var endpoint = await Client.Endpoints.CreateAsync(app.Id, new EndpointOptions { Url = "https://example.com/hook", SignatureScheme = "hmac-sha256-prefixed" });
        var rotated = await Client.Endpoints.RotateSecretAsync(app.Id, endpoint.Id, gracePeriod: TimeSpan.FromHours(3));
        rotated.NewSecretSignsFrom.ShouldBe(rotated.PreviousExpiresAt);
        rotated.PublicKey.ShouldBeNull();
    }

    [Fact]
    public async Task SwitchingToEd25519_ReplacesTheSharedSecretWithAKeyPair()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("switch"));
        var endpoint = await Client.Endpoints.CreateAsync(app.Id, new EndpointOptions { Url = "https://example.com/hook" });
        endpoint.Secret.ShouldStartWith("whsec_");
        await Client.Endpoints.UpdateAsync(app.Id, endpoint.Id, new EndpointOptions { SignatureScheme = "standard-webhooks-ed25519" });
        (await Client.Endpoints.GetSecretAsync(app.Id, endpoint.Id)).Secret.ShouldStartWith("whpk_");
        await Client.Endpoints.UpdateAsync(app.Id, endpoint.Id, new EndpointOptions { SignatureScheme = "jwt" });
        (await Client.Endpoints.GetSecretAsync(app.Id, endpoint.Id)).Secret.ShouldStartWith("whsec_");
    }

    private sealed class LoseFirstAnswer : DelegatingHandler
    {
        public List<(string Method, string? IdempotencyKey)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Requests.Add((request.Method.Method, request.Headers.TryGetValues("Idempotency-Key", out var v) ? v.Single() : null));
            var answer = await base.SendAsync(request, ct);
            if (Requests.Count == 1)
            {
                answer.Dispose();
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("lost") };
            }
            return answer;
        }
    }
}
