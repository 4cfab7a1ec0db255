using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Inbound;

/// <summary>Seed 000's requests, sent as its guide writes them (host and path prefix aside).</summary>
public abstract class SeedQuickStartTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;
    private HttpClient _sender = null!;

    public async Task InitializeAsync()
    {
        _host = await hosts.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync("Loyalty", "loyalty")).Str("id");
        _sender = _host.Client(apiKey: null);
    }

    public async Task DisposeAsync()
    {
        _sender.Dispose();
        await _host.DisposeAsync();
    }

    private static readonly string[] SeedEventTypes =
        ["data_usage", "recharge", "app_login", "call_outgoing", "bundle_purchase", "kyc_update", "feature_usage", "qoe_issue", "custom"];

    [Fact]
    public async Task QuickStart_InfoThenTestEventThenQueryByCustomer_Works()
    {
        await _host.Admin.CreateSourceAsync(_app, new { name = "Custom events", uid = "custom" });

        var (infoStatus, info) = await _sender.GetJsonAsync("/in/info");
        infoStatus.ShouldBe(HttpStatusCode.OK);
        info.Str("ingest_url").ShouldEndWith("/in");
        info.Str("method").ShouldBe("POST");

        // Step 2 of the quick start, byte for byte.
        var (status, body, _) = await _sender.SendRawAsync("/in", """
            {
              "source": "custom",
              "event": {
                "customer_id": "test-customer-123",
                "event_type": "app_login",
                "timestamp": "2024-01-01T12:00:00Z"
              }
            }
            """);
        status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
        body.Str("status").ShouldBe("success");
        body.Str("event_id").ShouldStartWith("evt_");
        body.Str("customer_id").ShouldBe("test-customer-123");
        body.Str("event_type").ShouldBe("app_login");
        body.Str("timestamp").ShouldBe("2024-01-01T12:00:00Z");

        // Step 3: the event is found by customer_id.
        var events = await _host.Admin.EventsAsync(_app, "?customer_id=test-customer-123");
        events.ShouldHaveSingleItem()!.Str("id").ShouldBe(body.Str("event_id"));
        (await _host.Admin.EventsAsync(_app, "?customer_id=someone-else")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Options1And2_ToOneMappedSource_WithTheGuidesComments_AreBothNormalized()
    {
        var source = await _host.Admin.CreateSourceAsync(_app, new
        {
            name = "CDR System",
            type = "CDR",
            mapping = new { customer_id_field = "msisdn", event_type_field = "cdr_type", timestamp_field = "event_time", value_field = "duration" },
            allowed_event_types = SeedEventTypes,
        });

        var (s1, first, _) = await _sender.SendRawAsync("/in", """
            {
              "source": "cdr",
              "source_name": "CDR System",  // Optional: name of configured data source
              "event": {
                "customer_id": "123e4567-e89b-12d3-a456-426614174000",
                "event_type": "data_usage",
                "timestamp": "2024-01-01T12:00:00Z",
                "value": 100.5,
                "metadata": {
                  "data_mb": 100.5,
                  "network_type": "4G"
                }
              }
            }
            """);
        s1.ShouldBe(HttpStatusCode.Accepted, first?.ToJsonString());

        var (s2, second, _) = await _sender.SendRawAsync("/in", """
            {
              "source": "cdr",
              "source_name": "CDR System",  // Must match configured name
              "event": {
                "msisdn": "1234567890",  // Your field name
                "cdr_type": "data_usage",  // Your field name
                "event_time": "2024-01-01T12:00:00Z",  // Your field name
                "duration": 100.5
              }
            }
            """);
        s2.ShouldBe(HttpStatusCode.Accepted, second?.ToJsonString());
        second.Str("customer_id").ShouldBe("1234567890");

        var events = await _host.Admin.EventsAsync(_app, "?source_id=" + source.Str("id"));
        events.Count.ShouldBe(2);
        var mapped = events.Single(e => e.Str("customer_id") == "1234567890")!;
        mapped.Str("event_type").ShouldBe("data_usage");
        mapped["value"]!.GetValue<double>().ShouldBe(100.5);
        var direct = events.Single(e => e.Str("customer_id") != "1234567890")!;
        direct["metadata"]!["network_type"]!.GetValue<string>().ShouldBe("4G");
        mapped.Str("message_id").ShouldStartWith("msg_");

        // Source names match whatever their case; a type outside the nine is refused, naming the field.
        var (s3, refused, _) = await _sender.SendRawAsync("/in",
            """{"source_name":"cdr system","event":{"msisdn":"1","cdr_type":"lottery","event_time":"2024-01-01T12:00:00Z"}}""");
        s3.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused!["errors"]!["event_type"]!.ToJsonString().ShouldContain("allowed_event_types");
    }

    [Fact]
    public async Task MissingMappedField_Is422NamingFieldAndPath_AndOnlyLogged()
    {
        var source = await _host.Admin.CreateSourceAsync(_app, new
        {
            name = "CDR System",
            mapping = new { customer_id_field = "msisdn", event_type_field = "cdr_type", timestamp_field = "event_time", value_field = "duration" },
        });
        var (status, problem, response) = await _sender.SendRawAsync($"/in/{source.Str("id")}",
            """{"cdr_type":"data_usage","event_time":"2024-01-01T12:00:00Z","duration":1}""");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem!["errors"]!["customer_id"]![0]!.GetValue<string>().ShouldContain("'msisdn'");
        (await _host.Admin.EventsAsync(_app)).ShouldBeEmpty();
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().ShouldBeEmpty();
        var logged = (await _host.Admin.RequestsAsync(_app, source.Str("id"))).ShouldHaveSingleItem()!;
        logged.Str("outcome").ShouldBe("unmappable");
        logged["status_code"]!.GetValue<int>().ShouldBe(422);
    }
}

public sealed class SqliteSeedQuickStartTests() : SeedQuickStartTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSeedQuickStartTests(PostgresFixture postgres) : SeedQuickStartTests(postgres);
