using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Inbound;

/// <summary>The intake over real HTTP: signatures of each provider computed here as the provider computes them, refusals, de-duplication, and delivery onwards.</summary>
public abstract class InboundIntakeTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;
    private HttpClient _sender = null!;

    public async Task InitializeAsync()
    {
        _host = await hosts.StartAsync(new Dictionary<string, string?> { ["Hookline:Inbound:MaxBodyBytes"] = "4096" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
        _sender = _host.Client(apiKey: null);
    }

    public async Task DisposeAsync()
    {
        _sender.Dispose();
        await _host.DisposeAsync();
    }

    private static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<int> MessageCountAsync() => (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().Count;

    [Fact]
    public async Task MappedCdrEvent_SignedWithHmac_ReachesSubscribedEndpoint_AsNormalizedMessage()
    {
        await using var receiver = await Receiver.StartAsync();
        await _host.Admin.CreateEndpointAsync(_app, new { url = receiver.Url("/usage"), event_types = new[] { "data_usage" } });
        await _host.Admin.CreateEndpointAsync(_app, new { url = receiver.Url("/other"), event_types = new[] { "recharge" } });
        const string secret = "cdr-feed-shared-secret-0123456789";
        var source = await _host.Admin.CreateSourceAsync(_app, new
        {
            name = "CDR feed",
            verification = new { type = "hmac", header = "X-CDR-Signature", prefix = "sha256=", secret },
            mapping = new
            {
                customer_id_field = "msisdn",
                event_type_field = "cdr_type",
                timestamp_field = "event_time",
                value_field = "duration",
                metadata_fields = new Dictionary<string, string> { ["cell"] = "network.cells[0]" },
            },
        });
        source["verification"]!["secret"]!.GetValue<string>().ShouldBe(secret);
        const string body = """{"msisdn":"1234567890","cdr_type":"data_usage","event_time":1704110400,"duration":100.5,"network":{"cells":["c-17","c-18"]}}""";

        var (status, accepted, _) = await _sender.SendRawAsync(source.Str("ingest_url"), body,
            new Dictionary<string, string> { ["X-CDR-Signature"] = "sha256=" + IntakeClient.HexHmacSha256(secret, body) });

        status.ShouldBe(HttpStatusCode.Accepted, accepted?.ToJsonString());
        accepted.Str("timestamp").ShouldBe("2024-01-01T12:00:00Z");
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.At("/usage").Count == 1), TimeSpan.FromSeconds(30), "the endpoint got the inbound event");
        var delivered = JsonNode.Parse(receiver.At("/usage")[0].Body)!;
        delivered.Str("type").ShouldBe("data_usage");
        delivered.Str("id").ShouldBe(accepted.Str("message_id"));
        var data = delivered["data"]!;
        data.Str("id").ShouldBe(accepted.Str("event_id"));
        data.Str("source_id").ShouldBe(source.Str("id"));
        data.Str("customer_id").ShouldBe("1234567890");
        data.Str("timestamp").ShouldBe("2024-01-01T12:00:00Z");
        data["value"]!.GetValue<double>().ShouldBe(100.5);
        data["metadata"]!["cell"]!.GetValue<string>().ShouldBe("c-17");
        data.Str("message_id").ShouldBe(accepted.Str("message_id"));
        receiver.At("/other").ShouldBeEmpty();
    }

    [Fact]
    public async Task TamperedOrUnsigned_Is401WithoutSayingWhy_NothingStoredButTheLogLine()
    {
        const string secret = "cdr-feed-shared-secret-0123456789";
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "CDR feed", verification = new { type = "hmac", header = "X-Signature", secret } });
        const string body = """{"customer_id":"c-1","event_type":"recharge","value":5}""";
        var signature = IntakeClient.HexHmacSha256(secret, body);

        var (tampered, problem, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body.Replace("5", "500", StringComparison.Ordinal),
            new Dictionary<string, string> { ["X-Signature"] = signature });
        var (unsigned, unsignedProblem, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body);

        tampered.ShouldBe(HttpStatusCode.Unauthorized);
        unsigned.ShouldBe(HttpStatusCode.Unauthorized);
        problem.Str("detail").ShouldBe(unsignedProblem.Str("detail"));
        (await _host.Admin.EventsAsync(_app)).ShouldBeEmpty();
        (await MessageCountAsync()).ShouldBe(0);
        var log = await _host.Admin.RequestsAsync(_app, source.Str("id"));
        log.Count.ShouldBe(2);
        log.ShouldAllBe(r => r.Str("outcome") == "unauthorized" && r!["reason"] != null);
        var (_, got) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/sources/{source.Str("id")}");
        got!["counters"]!["unauthorized"]!.GetValue<long>().ShouldBe(2);
        got["verification"]!["secret"].ShouldBeNull();
    }

    [Fact]
    public async Task GitHubSignedDelivery_IsAccepted_AndItsRedeliveryAnswersTheFirstEvent()
    {
        const string secret = "github-webhook-secret-0123456789";
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "GitHub", verification = new { type = "github", secret } });
        source["dedupe"]!["header"]!.GetValue<string>().ShouldBe("X-GitHub-Delivery");
        const string body = """{"action":"opened","issue":{"number":7},"sender":{"login":"octocat"}}""";
        var headers = new Dictionary<string, string>
        {
            ["X-GitHub-Event"] = "issues",
            ["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            ["X-Hub-Signature-256"] = "sha256=" + IntakeClient.HexHmacSha256(secret, body),
        };

        var (s1, first, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body, headers);
        var (s2, again, response) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body, headers);

        s1.ShouldBe(HttpStatusCode.Accepted, first?.ToJsonString());
        first.Str("event_type").ShouldBe("issues.opened");
        first.Str("customer_id").ShouldBe("octocat");
        s2.ShouldBe(HttpStatusCode.Accepted);
        again.Str("event_id").ShouldBe(first.Str("event_id"));
        again!["duplicate"]!.GetValue<bool>().ShouldBeTrue();
        response.Headers.GetValues("Hookline-Duplicate").ShouldBe(["true"]);
        (await _host.Admin.EventsAsync(_app)).Count.ShouldBe(1);
        (await MessageCountAsync()).ShouldBe(1);
        var log = await _host.Admin.RequestsAsync(_app, source.Str("id"));
        log.Select(r => r.Str("outcome")).ShouldBe(["duplicate", "accepted"]);
    }

    [Fact]
    public async Task StripeSignedEvent_IsAccepted_AndAnOldSignatureIsRefused()
    {
        const string secret = "whsec_stripe_cli_like_secret_0123456789";
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "Stripe", verification = new { type = "stripe", secret } });
        const string body = """{"id":"evt_1PQ","object":"event","type":"invoice.paid","created":1704110400,"data":{"object":{"customer":"cus_42","amount_paid":900}}}""";
        var t = Now;

        var (ok, accepted, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body,
            new Dictionary<string, string> { ["Stripe-Signature"] = $"t={t},v1={IntakeClient.HexHmacSha256(secret, $"{t}.{body}")}" });
        ok.ShouldBe(HttpStatusCode.Accepted, accepted?.ToJsonString());
        accepted.Str("customer_id").ShouldBe("cus_42");
        accepted.Str("event_type").ShouldBe("invoice.paid");

        var old = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(CultureInfo.InvariantCulture);
        var (late, _, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body.Replace("evt_1PQ", "evt_2PQ", StringComparison.Ordinal),
            new Dictionary<string, string> { ["Stripe-Signature"] = $"t={old},v1={IntakeClient.HexHmacSha256(secret, $"{old}.{body.Replace("evt_1PQ", "evt_2PQ", StringComparison.Ordinal)}")}" });
        late.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ShopifySignedWebhook_IsAccepted()
    {
        const string secret = "shopify-app-client-secret-0123456789";
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "Shop", verification = new { type = "shopify", secret } });
        const string body = """{"id":820982911946154508,"email":"jon@example.com","customer":{"id":115310627314723954}}""";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

        var (status, accepted, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body, new Dictionary<string, string>
        {
            ["X-Shopify-Hmac-Sha256"] = signature,
            ["X-Shopify-Topic"] = "orders/create",
            ["X-Shopify-Webhook-Id"] = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        });

        status.ShouldBe(HttpStatusCode.Accepted, accepted?.ToJsonString());
        accepted.Str("event_type").ShouldBe("orders/create");
        accepted.Str("customer_id").ShouldBe("115310627314723954");
    }

    [Fact]
    public async Task StandardWebhooksLibrarySignature_IsAccepted_AndTamperedRefused()
    {
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "Partner", verification = new { type = "standard-webhooks" } });
        var secret = source["verification"]!["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");
        const string body = """{"type":"user.created","timestamp":"2024-01-01T12:00:00Z","data":{"customer_id":"u-9","plan":"pro"}}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (exit, signature) = await JsChecks.RunAsync("sign-standard-webhook.mjs",
            stdin: JsonSerializer.Serialize(new { secret, id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp, body }));
        exit.ShouldBe(0, signature);
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = signature.Trim(),
        };

        var (status, accepted, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body, headers);
        var (tampered, _, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body.Replace("pro", "enterprise", StringComparison.Ordinal), headers);

        status.ShouldBe(HttpStatusCode.Accepted, accepted?.ToJsonString());
        accepted.Str("event_type").ShouldBe("user.created");
        accepted.Str("customer_id").ShouldBe("u-9");
        tampered.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKeyAndBasicSources_AcceptTheirCredentials_AndTheLogHidesThem()
    {
        var keyed = await _host.Admin.CreateSourceAsync(_app, new { name = "Keyed", verification = new { type = "api-key", header = "X-Feed-Key", secret = "feed-key-0123456789abcdef" } });
        var basic = await _host.Admin.CreateSourceAsync(_app, new { name = "Basic", verification = new { type = "basic", username = "feed", secret = "feed-password-0123456789" } });
        const string body = """{"customer_id":"c-1","event_type":"app_login"}""";

        var (k1, _, _) = await _sender.SendRawAsync($"/in/{keyed.Str("id")}", body, new Dictionary<string, string> { ["X-Feed-Key"] = "feed-key-0123456789abcdef" });
        var (k2, _, _) = await _sender.SendRawAsync($"/in/{keyed.Str("id")}", body, new Dictionary<string, string> { ["X-Feed-Key"] = "feed-key-0123456789abcdeg" });
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("feed:feed-password-0123456789"));
        var (b1, _, _) = await _sender.SendRawAsync($"/in/{basic.Str("id")}", body, new Dictionary<string, string> { ["Authorization"] = "Basic " + credentials });
        var (b2, _, _) = await _sender.SendRawAsync($"/in/{basic.Str("id")}", body);

        k1.ShouldBe(HttpStatusCode.Accepted);
        k2.ShouldBe(HttpStatusCode.Unauthorized);
        b1.ShouldBe(HttpStatusCode.Accepted);
        b2.ShouldBe(HttpStatusCode.Unauthorized);
        var keyedLog = await _host.Admin.RequestsAsync(_app, keyed.Str("id"));
        keyedLog.ShouldAllBe(r => r!["headers"]!["X-Feed-Key"]!.GetValue<string>() == "[redacted]");
        var basicLog = await _host.Admin.RequestsAsync(_app, basic.Str("id"));
        basicLog.Select(r => r!["headers"]!.ToJsonString()).ShouldAllBe(h => !h.Contains(credentials));
    }

    [Fact]
    public async Task RotatedSecret_OldOneStillAcceptedDuringGrace()
    {
        var source = await _host.Admin.CreateSourceAsync(_app, new { name = "Rotating", verification = new { type = "github", secret = "first-secret-0123456789" } });
        var (rotated, fresh) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/sources/{source.Str("id")}/secret/rotate", new { grace_period_seconds = 3600 });
        rotated.ShouldBe(HttpStatusCode.OK, fresh?.ToJsonString());
        var newSecret = fresh.Str("secret");
        newSecret.ShouldStartWith("whsec_");

        foreach (var (secret, delivery) in new[] { ("first-secret-0123456789", "d-1"), (newSecret, "d-2") })
        {
            const string body = """{"action":"created","sender":{"login":"octocat"}}""";
            var (status, _, _) = await _sender.SendRawAsync($"/in/{source.Str("id")}", body, new Dictionary<string, string>
            {
                ["X-GitHub-Event"] = "star",
                ["X-GitHub-Delivery"] = delivery,
                ["X-Hub-Signature-256"] = "sha256=" + IntakeClient.HexHmacSha256(secret, body),
            });
            status.ShouldBe(HttpStatusCode.Accepted);
        }
    }

    [Fact]
    public async Task Refusals_403_413_415_400_404_429_EachClear_AndLogged()
    {
        var fenced = await _host.Admin.CreateSourceAsync(_app, new { name = "Fenced", ip_allow_list = new[] { "203.0.113.0/24" } });
        var open = await _host.Admin.CreateSourceAsync(_app, new { name = "Open", ip_allow_list = new[] { "127.0.0.0/8", "::1/128" } });
        var slow = await _host.Admin.CreateSourceAsync(_app, new { name = "Slow", rate_limit_per_second = 0.01 });
        const string body = """{"customer_id":"c-1","event_type":"app_login"}""";

        (await _sender.SendRawAsync($"/in/{fenced.Str("id")}", body)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await _sender.SendRawAsync($"/in/{open.Str("id")}", body)).Status.ShouldBe(HttpStatusCode.Accepted);
        var big = "{\"customer_id\":\"c-1\",\"event_type\":\"app_login\",\"pad\":\"" + new string('x', 5000) + "\"}";
        (await _sender.SendRawAsync($"/in/{open.Str("id")}", big)).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await _sender.SendRawAsync($"/in/{open.Str("id")}", "customer_id=c-1", contentType: "application/x-www-form-urlencoded")).Status
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var (broken, brokenProblem, _) = await _sender.SendRawAsync($"/in/{open.Str("id")}", """{"customer_id": "c-1",""");
        broken.ShouldBe(HttpStatusCode.BadRequest);
        brokenProblem.Str("detail").ShouldContain("JSON");
        (await _sender.SendRawAsync("/in/src_01JNOSUCHSOURCE000000000000", body)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await _sender.SendRawAsync($"/in/{slow.Str("id")}", body)).Status.ShouldBe(HttpStatusCode.Accepted);
        var (limited, _, response) = await _sender.SendRawAsync($"/in/{slow.Str("id")}", body);
        limited.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 100);

        (await _host.Admin.RequestsAsync(_app, fenced.Str("id"))).ShouldHaveSingleItem()!.Str("outcome").ShouldBe("forbidden_ip");
        (await _host.Admin.RequestsAsync(_app, open.Str("id"))).Select(r => r.Str("outcome"))
            .ShouldBe(["malformed_json", "unsupported_media_type", "too_large", "accepted"]);
        (await _host.Admin.RequestsAsync(_app, slow.Str("id"))).Select(r => r.Str("outcome")).ShouldBe(["rate_limited", "accepted"]);
        (await _host.Admin.EventsAsync(_app)).Count.ShouldBe(2);
    }
}

public sealed class SqliteInboundIntakeTests() : InboundIntakeTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresInboundIntakeTests(PostgresFixture postgres) : InboundIntakeTests(postgres);
