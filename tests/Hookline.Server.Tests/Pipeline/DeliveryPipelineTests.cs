using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Pipeline;

/// <summary>The whole path over real HTTP: publish through the API, the engine sends to a real receiver. Runs on every store.</summary>
public abstract class DeliveryPipelineTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;
    private Receiver _receiver = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _host = await hosts.StartAsync();
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private Task<(HttpStatusCode, JsonNode?)> PublishAsync(string eventType, object payload) =>
        _host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new { event_type = eventType, payload });

    private async Task<JsonNode> DeliveryAsync(string messageId) =>
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages/{messageId}/deliveries")).Body!["data"]![0]!;

    private async Task WaitForStatusAsync(string messageId, string status) =>
        await Eventually.HoldsAsync(async () => (await DeliveryAsync(messageId)).Str("status") == status, TimeSpan.FromSeconds(20),
            $"delivery of {messageId} should become {status}");

    [Fact]
    public async Task PublishedMessages_ReachTheEndpoint_SignedSoTheReferenceLibraryVerifies()
    {
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/hooks") });
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (status, message) = await PublishAsync("invoice.paid", new { n = i });
            status.ShouldBe(HttpStatusCode.Accepted);
            ids.Add(message.Str("id"));
        }
        await Eventually.HoldsAsync(() => Task.FromResult(_receiver.At("/hooks").Count >= 20), TimeSpan.FromSeconds(20), "all 20 should arrive");
        var received = _receiver.At("/hooks");
        received.Select(r => r.Headers["webhook-id"]).Order().ShouldBe(ids.Order());
        var sample = received[0];
        sample.Headers["x-webhook-event"].ShouldBe("invoice.paid");
        sample.Headers["x-webhook-delivery-id"].ShouldStartWith("dlv_");
        sample.Headers["x-webhook-attempt"].ShouldBe("1");
        sample.Headers["user-agent"].ShouldStartWith("Hookline/");
        var body = JsonNode.Parse(sample.Body)!;
        body.Str("type").ShouldBe("invoice.paid");
        body.Str("id").ShouldBe(sample.Headers["webhook-id"]);
        body["data"]!["n"].ShouldNotBeNull();

        var input = JsonSerializer.Serialize(new
        {
            secret = endpoint.Str("secret"),
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = sample.Headers["webhook-id"],
                ["webhook-timestamp"] = sample.Headers["webhook-timestamp"],
                ["webhook-signature"] = sample.Headers["webhook-signature"],
            },
            body = sample.Body,
        });
        var (exit, output) = await JsChecks.RunAsync("verify-standard-webhook.mjs", stdin: input);
        exit.ShouldBe(0, output);
        output.ShouldContain("verified");
        foreach (var id in ids)
        {
            (await DeliveryAsync(id)).Str("status").ShouldBe("succeeded");
        }
    }

    [Fact]
    public async Task EndpointFailingTwiceThenOk_SucceedsAfterThreeAttempts()
    {
        _receiver.Answers["/flaky"] = n => n < 2 ? 500 : 200;
        await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/flaky"), retry_policy = new { schedule_seconds = new[] { 0.1, 0.1 } } });
        var (_, message) = await PublishAsync("a.b", new { x = 1 });
        await WaitForStatusAsync(message.Str("id"), "succeeded");
        var delivery = await DeliveryAsync(message.Str("id"));
        delivery!["attempt_count"]!.GetValue<int>().ShouldBe(3);
        var (_, detail) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries/{delivery.Str("id")}");
        var attempts = detail!["attempts"]!.AsArray();
        attempts.Select(a => a!["status_code"]!.GetValue<int>()).ShouldBe([500, 500, 200]);
        attempts.Select(a => a.Str("error_class")).Take(2).ShouldAllBe(c => c == "status");
        _receiver.At("/flaky").Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(1);
        _receiver.At("/flaky").Select(r => r.Headers["x-webhook-delivery-id"]).Distinct().ShouldHaveSingleItem().ShouldBe(delivery.Str("id"));
        _receiver.At("/flaky").Select(r => r.Headers["x-webhook-attempt"]).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task EndpointAlwaysFailing_IsDeadAfterExactlyMaxAttempts_AndReplayFromDeadLettersDeliversIt()
    {
        var failing = true;
        _receiver.Answers["/down"] = _ => failing ? 503 : 200;
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new
        {
            url = _receiver.Url("/down"),
            retry_policy = new { max_attempts = 4, initial_delay_seconds = 0.05, backoff_multiplier = 1.0 },
        });
        var (_, message) = await PublishAsync("a.b", new { x = 1 });
        await WaitForStatusAsync(message.Str("id"), "dead");
        (await DeliveryAsync(message.Str("id")))!["attempt_count"]!.GetValue<int>().ShouldBe(4);
        _receiver.At("/down").Count.ShouldBe(4);

        var (_, dead) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries?status=dead");
        dead!["data"]!.AsArray().Count.ShouldBe(1);

        failing = false;
        var (status, replay) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/deliveries/replay", new { endpoint_id = endpoint.Str("id") });
        status.ShouldBe(HttpStatusCode.Accepted);
        replay!["requeued"]!.GetValue<int>().ShouldBe(1);
        await WaitForStatusAsync(message.Str("id"), "succeeded");
        var delivery = await DeliveryAsync(message.Str("id"));
        var (_, detail) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries/{delivery.Str("id")}");
        detail!["attempts"]!.AsArray().Last().Str("trigger").ShouldBe("replay");
    }

    [Fact]
    public async Task ManualRetry_OfDeadDelivery_SendsOnceMore_WithManualTrigger()
    {
        _receiver.Answers["/once"] = n => n == 0 ? 500 : 200;
        await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/once"), retry_policy = new { schedule_seconds = Array.Empty<double>() } });
        var (_, message) = await PublishAsync("a.b", new { x = 1 });
        await WaitForStatusAsync(message.Str("id"), "dead");
        var delivery = await DeliveryAsync(message.Str("id"));
        var (status, _) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/deliveries/{delivery.Str("id")}/retry", "{}");
        status.ShouldBe(HttpStatusCode.Accepted);
        await WaitForStatusAsync(message.Str("id"), "succeeded");
        var (_, detail) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries/{delivery.Str("id")}");
        detail!["attempts"]!.AsArray().Select(a => a.Str("trigger")).ShouldBe(["scheduled", "manual"]);
    }

    [Fact]
    public async Task Recover_ResendsWhatFailedSinceTheGivenTime()
    {
        var failing = true;
        _receiver.Answers["/recover"] = _ => failing ? 500 : 204;
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/recover"), retry_policy = new { schedule_seconds = Array.Empty<double>() } });
        var (_, m1) = await PublishAsync("a.b", new { x = 1 });
        var (_, m2) = await PublishAsync("a.b", new { x = 2 });
        await WaitForStatusAsync(m1.Str("id"), "dead");
        await WaitForStatusAsync(m2.Str("id"), "dead");
        failing = false;
        var (status, result) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints/{endpoint.Str("id")}/recover", new { since = DateTimeOffset.UtcNow.AddHours(-1) });
        status.ShouldBe(HttpStatusCode.Accepted);
        result!["requeued"]!.GetValue<int>().ShouldBe(2);
        await WaitForStatusAsync(m1.Str("id"), "succeeded");
        await WaitForStatusAsync(m2.Str("id"), "succeeded");
        (await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints/{endpoint.Str("id")}/recover", "{}")).Item1.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task TestSend_DeliversASampleEventThroughTheEngine()
    {
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/test") });
        var (status, sent) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints/{endpoint.Str("id")}/test", "{}");
        status.ShouldBe(HttpStatusCode.Accepted);
        sent.Str("delivery_id").ShouldStartWith("dlv_");
        await Eventually.HoldsAsync(() => Task.FromResult(_receiver.At("/test").Count == 1), TimeSpan.FromSeconds(10), "the test event should arrive");
        _receiver.At("/test")[0].Headers["x-webhook-event"].ShouldBe("hookline.test");
    }

    [Fact]
    public async Task GoneEndpoint_IsDisabled()
    {
        _receiver.Answers["/gone"] = _ => 410;
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new { url = _receiver.Url("/gone") });
        await PublishAsync("a.b", new { x = 1 });
        var path = $"/api/v1/apps/{_app}/endpoints/{endpoint.Str("id")}";
        await Eventually.HoldsAsync(async () => (await _host.Admin.GetJsonAsync(path)).Body!["disabled"]!.GetValue<bool>(), TimeSpan.FromSeconds(10),
            "a 410 should disable the endpoint");
        (await _host.Admin.GetJsonAsync(path)).Body.Str("disabled_reason").ShouldContain("410");
    }
}

public sealed class SqliteDeliveryPipelineTests() : DeliveryPipelineTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliveryPipelineTests(PostgresFixture postgres) : DeliveryPipelineTests(postgres);
