using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Routing;

/// <summary>
/// Filters, transformations and schemas end to end, as a user with curl would meet them: the API,
/// the delivery engine and a real receiver over loopback HTTP. Runs on every store.
/// </summary>
public abstract class RoutingPipelineTests(IHostStarter hosts) : IAsyncLifetime
{
    private const string Seed002Filter = """{"field_path": "data.lead.score", "operator": "greater_than", "value": 80, "case_sensitive": false}""";

    private const string Seed002Transformation = """
        {
          "enabled": true,
          "template": {
            "crm_lead": {
              "external_id": "{{ data.lead.id }}",
              "contact_name": "{{ data.lead.name }}",
              "email_address": "{{ data.lead.email }}",
              "phone_number": "{{ data.lead.phone }}",
              "lead_score": "{{ data.lead.score }}",
              "assigned_rep": "{{ data.agent.name }}"
            },
            "timestamp": "{{ timestamp }}",
            "source": "vocelio_ai_platform"
          }
        }
        """;

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

    private async Task<JsonNode> EndpointAsync(string path, string extra)
    {
        var (status, created) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            $$"""{"url": "{{_receiver.Url(path)}}", "event_types": ["lead.created"], {{extra}}}""");
        status.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    private async Task<string> PublishLeadAsync(int score, string name = "John Doe")
    {
        var (status, message) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new
        {
            event_type = "lead.created",
            payload = new
            {
                lead = new { id = $"lead_{score}", name, email = "john.doe@example.com", phone = "+1-555-0123", source = "website", score },
                agent = new { id = "agent_456", name = "Sarah Johnson" },
            },
        });
        status.ShouldBe(HttpStatusCode.Accepted, message?.ToJsonString());
        return message.Str("id");
    }

    private async Task<JsonNode> DeliveryAsync(string messageId) =>
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages/{messageId}/deliveries")).Body!["data"]!.AsArray().ShouldHaveSingleItem()!;

    private async Task<ReceivedRequest> ArrivalAsync(string path, string messageId)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(_receiver.At(path).Any(r => r.Headers["webhook-id"] == messageId)), TimeSpan.FromSeconds(30),
            $"{messageId} should arrive at {path}");
        return _receiver.At(path).Single(r => r.Headers["webhook-id"] == messageId);
    }

    [Fact]
    public async Task Seed002Filter_DeliversOnlyLeadsAbove80_AndShowsTheOthersSkipped()
    {
        await EndpointAsync("/hot-leads", $"\"filter\": {Seed002Filter}");
        var hot = new[] { await PublishLeadAsync(85), await PublishLeadAsync(97) };
        var cold = new[] { await PublishLeadAsync(80), await PublishLeadAsync(12) };

        foreach (var id in hot)
        {
            await ArrivalAsync("/hot-leads", id);
        }
        foreach (var id in cold)
        {
            var delivery = await DeliveryAsync(id);
            delivery.Str("status").ShouldBe("skipped");
            delivery.Str("skip_reason").ShouldBe("filter");
            delivery["attempt_count"]!.GetValue<int>().ShouldBe(0);
        }
        var (_, skipped) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries?status=skipped");
        skipped!["data"]!.AsArray().Count.ShouldBe(2);
        // Everything due has been sent by now; the skipped two never were.
        await Eventually.HoldsAsync(async () => (await DeliveryAsync(hot[1])).Str("status") == "succeeded", TimeSpan.FromSeconds(30), "the hot lead settles");
        _receiver.At("/hot-leads").Select(r => r.Headers["webhook-id"]).ShouldBe(hot, ignoreOrder: true);
    }

    [Fact]
    public async Task Seed002Transformation_PastedAsWritten_DeliversTheCrmLeadBody_SignedAsSent()
    {
        var endpoint = await EndpointAsync("/crm", $"\"transformation\": {Seed002Transformation}");
        var id = await PublishLeadAsync(85);

        var request = await ArrivalAsync("/crm", id);

        var body = JsonNode.Parse(request.Body)!;
        var lead = body["crm_lead"]!;
        lead.Str("external_id").ShouldBe("lead_85");
        lead.Str("contact_name").ShouldBe("John Doe");
        lead.Str("email_address").ShouldBe("john.doe@example.com");
        lead.Str("phone_number").ShouldBe("+1-555-0123");
        lead.Str("lead_score").ShouldBe("85");
        lead.Str("assigned_rep").ShouldBe("Sarah Johnson");
        body.Str("source").ShouldBe("vocelio_ai_platform");
        body.Str("timestamp").ShouldEndWith("Z");
        request.Headers["content-type"].ShouldStartWith("application/json");
        StandardWebhooksSignature.Verifies(endpoint.Str("secret"), request).ShouldBeTrue();
    }

    [Fact]
    public async Task StoredTemplate_EachVersionIsWhatArrives_ThroughChangeAndRollback()
    {
        var (_, template) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/templates", new
        {
            name = "salesforce_lead_template",
            body = new { version = "one", lead = "{{ data.lead.id }}" },
            headers = new Dictionary<string, string> { ["X-Lead-Id"] = "{{ data.lead.id }}" },
        });
        var tpl = template.Str("id");
        await EndpointAsync("/follow", $$"""  "transformation": {"template_id": "{{tpl}}"} """);
        await EndpointAsync("/pinned", $$"""  "transformation": {"template_id": "{{tpl}}", "version": 1} """);
        await EndpointAsync("/by-name", """ "transformation": {"enabled": true, "template": "salesforce_lead_template"} """);

        var first = await PublishLeadAsync(90);
        (await BodyAsync("/follow", first)).Str("version").ShouldBe("one");
        (await ArrivalAsync("/follow", first)).Headers["x-lead-id"].ShouldBe("lead_90");
        (await BodyAsync("/by-name", first)).Str("version").ShouldBe("one");

        var (patched, v2) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/templates/{tpl}", """{"body": {"version": "two", "lead": "{{ data.lead.id }}"}}""");
        patched.ShouldBe(HttpStatusCode.OK);
        v2!["version"]!.GetValue<int>().ShouldBe(2);
        var second = await PublishLeadAsync(91);
        (await BodyAsync("/follow", second)).Str("version").ShouldBe("two");
        (await BodyAsync("/by-name", second)).Str("version").ShouldBe("two");
        (await BodyAsync("/pinned", second)).Str("version").ShouldBe("one");

        (await _host.Admin.PostAsync($"/api/v1/apps/{_app}/templates/{tpl}/rollback", new { version = 1 })).Status.ShouldBe(HttpStatusCode.OK);
        var third = await PublishLeadAsync(92);
        (await BodyAsync("/follow", third)).Str("version").ShouldBe("one");
        (await BodyAsync("/by-name", third)).Str("version").ShouldBe("one");
    }

    private async Task<JsonNode> BodyAsync(string path, string messageId) => JsonNode.Parse((await ArrivalAsync(path, messageId)).Body)!;

    [Fact]
    public async Task TemplateThatFailsToRender_MakesTheDeliveryDeadAtOnce_WithTheReasonInTheAttemptLog()
    {
        await EndpointAsync("/never", """ "transformation": {"enabled": true, "template": "{% for i in (1..100000000) %}x{% endfor %}"} """);
        var id = await PublishLeadAsync(85);

        await Eventually.HoldsAsync(async () => (await DeliveryAsync(id)).Str("status") == "dead", TimeSpan.FromSeconds(30), "the delivery goes dead");

        var delivery = await DeliveryAsync(id);
        var (_, detail) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries/{delivery.Str("id")}");
        var attempt = detail!["attempts"]!.AsArray().ShouldHaveSingleItem()!;
        attempt.Str("error_class").ShouldBe("transformation");
        attempt.Str("error").ShouldContain("range");
        _receiver.At("/never").ShouldBeEmpty();
    }

    [Fact]
    public async Task TransformationNamingAMissingTemplate_IsRefused()
    {
        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            $$$"""{"url": "{{{_receiver.Url("/x")}}}", "transformation": {"enabled": true, "template": "no_such_template"}}""");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["transformation.template"].ShouldNotBeNull();
    }

    [Fact]
    public async Task EventTypeSchema_RefusesABadPayloadWithAPointerToTheField_AndPublishesNothing()
    {
        var (created, _) = await _host.Admin.PostAsync("/api/v1/event-types", """
            {"name": "lead.created", "schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["lead"],
             "properties": {"lead": {"type": "object", "required": ["id", "score"], "properties": {"id": {"type": "string"}, "score": {"type": "number"}}}}}}
            """);
        created.ShouldBe(HttpStatusCode.Created);
        await EndpointAsync("/schema", "\"description\": \"any\"");

        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/messages",
            """{"event_type": "lead.created", "payload": {"lead": {"id": "lead_1", "score": "high"}}}""");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["payload/lead/score"].ShouldNotBeNull(problem.ToJsonString());
        problem["errors"]!["payload/lead/score"]![0]!.GetValue<string>().ShouldContain("/lead/score");
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().ShouldBeEmpty();
        (await PublishLeadAsync(85)).ShouldStartWith("msg_");
    }
}

public sealed class SqliteRoutingPipelineTests() : RoutingPipelineTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRoutingPipelineTests(PostgresFixture postgres) : RoutingPipelineTests(postgres);
