using System.Net;
using System.Text;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Routing;

/// <summary>What the API refuses when filters, transformations, schemas and environments are set.</summary>
public sealed class RoutingRulesApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)> CreateEndpointAsync(string extra) =>
        _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", $$"""{"url": "https://example.com/hook", {{extra}}}""");

    [Fact]
    public async Task Seed002Filter_AsWritten_IsAcceptedAndReturned()
    {
        var (status, endpoint) = await CreateEndpointAsync(
            """ "filter": {"field_path": "data.lead.score", "operator": "greater_than", "value": 80, "case_sensitive": false} """);
        status.ShouldBe(HttpStatusCode.Created, endpoint?.ToJsonString());
        endpoint!["filter"]!.Str("operator").ShouldBe("greater_than");
    }

    [Theory]
    [InlineData(""" "filter": {"all": [{"field_path": "data.a", "operator": "exists"}, {"field_path": "data.b", "operator": "exists"}, {"field_path": "data.c", "operator": "bigger"}]} """, "filter.all[2].operator")]
    [InlineData(""" "filter": {"field_path": "data.a", "operator": "regex", "value": "([a-z"} """, "filter.value")]
    [InlineData(""" "filter": {"field_path": "data.a", "operator": "greater_than", "value": [1]} """, "filter.value")]
    [InlineData(""" "filter": {"field_path": "lead.score", "operator": "exists"} """, "filter.field_path")]
    [InlineData(""" "transformation": {"enabled": true, "template": {"a": "{{ data.x | }"}} """, "transformation.template/a")]
    [InlineData(""" "transformation": {"template_id": "nope"} """, "transformation.template_id")]
    [InlineData(""" "transformation": {"template_id": "tpl_1", "version": 0} """, "transformation.version")]
    [InlineData(""" "transformation": {"enabled": "yes", "template": "x"} """, "transformation.enabled")]
    [InlineData(""" "transformation": {"enabled": true} """, "transformation.template")]
    public async Task EndpointWithBadRouting_Returns422NamingTheField_AndWritesNothing(string extra, string field)
    {
        var (status, problem) = await CreateEndpointAsync(extra);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task FilterThousandDeep_IsRefusedWith4xx()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            deep.Append("""{"not": """);
        }
        deep.Append("""{"field_path": "data.a", "operator": "exists"}""").Append('}', 1000);
        var (status, problem) = await CreateEndpointAsync($"\"filter\": {deep}");
        ((int)status).ShouldBeInRange(400, 499, problem?.ToJsonString());
    }

    [Fact]
    public async Task EventTypeSchema_WithRemoteRef_IsRefusedWithItsPointer()
    {
        var (status, problem) = await _host.Admin.PostAsync("/api/v1/event-types",
            """{"name": "lead.created", "schema": {"type": "object", "properties": {"lead": {"$ref": "https://example.com/lead.json"}}}}""");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["schema/properties/lead/$ref"].ShouldNotBeNull(problem.ToJsonString());
        (await _host.Admin.GetJsonAsync("/api/v1/event-types/lead.created")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EventTypeSchema_ThatIsNotASchema_IsRefused()
    {
        var (status, problem) = await _host.Admin.PostAsync("/api/v1/event-types", """{"name": "lead.created", "schema": {"type": "strnig"}}""");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
    }

    [Fact]
    public async Task Apps_CarryAnEnvironment_AndListFiltersByIt()
    {
        var (created, prod) = await _host.Admin.PostAsync("/api/v1/apps", """{"name": "Prod", "environment": "production"}""");
        created.ShouldBe(HttpStatusCode.Created, prod?.ToJsonString());
        prod.Str("environment").ShouldBe("production");
        await _host.Admin.PostAsync("/api/v1/apps", """{"name": "Stage", "environment": "staging"}""");

        var (_, list) = await _host.Admin.GetJsonAsync("/api/v1/apps?environment=production");
        list!["data"]!.AsArray().Select(a => a.Str("name")).ShouldBe(["Prod"]);

        var (patched, moved) = await _host.Admin.PatchAsync($"/api/v1/apps/{prod.Str("id")}", """{"environment": "development"}""");
        patched.ShouldBe(HttpStatusCode.OK);
        moved.Str("environment").ShouldBe("development");
        (await _host.Admin.GetJsonAsync("/api/v1/apps?environment=production")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("POST", """{"name": "x", "environment": "prod"}""")]
    [InlineData("GET", null)]
    public async Task UnknownEnvironment_Returns422(string method, string? body)
    {
        var (status, problem) = method == "POST"
            ? await _host.Admin.PostAsync("/api/v1/apps", body!)
            : await _host.Admin.GetJsonAsync("/api/v1/apps?environment=qa");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["environment"].ShouldNotBeNull();
    }

    [Fact]
    public async Task OpenApi_DescribesTemplateRoutesAndRoutingFields()
    {
        var (status, doc) = await _host.Admin.GetJsonAsync("/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        var paths = doc!["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/api/v1/apps/{app}/templates", "/api/v1/apps/{app}/templates/{template}", "/api/v1/apps/{app}/templates/{template}/versions",
            "/api/v1/apps/{app}/templates/{template}/rollback", "/api/v1/apps/{app}/templates/{template}/test", "/api/v1/apps/{app}/templates/test",
        })
        {
            paths.ContainsKey(path).ShouldBeTrue(path);
        }
        paths["/api/v1/apps/{app}/templates"]!["post"]!["requestBody"].ShouldNotBeNull();
        paths["/api/v1/apps/{app}/templates/{template}/test"]!["post"]!["requestBody"].ShouldNotBeNull();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        schemas["TemplateRequest"]!["properties"]!["body"].ShouldNotBeNull();
        schemas["TemplateResponse"]!["properties"]!["version"].ShouldNotBeNull();
        schemas["TemplateTestResponse"]!["properties"]!["content_type"].ShouldNotBeNull();
        schemas["TemplateVersionResponse"]!["properties"]!["source_version"].ShouldNotBeNull();
        schemas["DeliveryResponse"]!["properties"]!["skip_reason"].ShouldNotBeNull();
        schemas["AppResponse"]!["properties"]!["environment"].ShouldNotBeNull();
        schemas["AppCreateRequest"]!["properties"]!["environment"].ShouldNotBeNull();
    }
}
