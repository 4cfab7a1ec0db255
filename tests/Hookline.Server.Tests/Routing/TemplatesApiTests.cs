using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Routing;

/// <summary>Templates over HTTP: versions, rollback, test renders and refusals. Runs on every store.</summary>
public abstract class TemplatesApiTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await hosts.StartAsync();
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Path(string rest = "") => $"/api/v1/apps/{_app}/templates{rest}";

    private async Task<JsonNode> CreateAsync(object body)
    {
        var (status, created) = await _host.Admin.PostAsync(Path(), body);
        status.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    [Fact]
    public async Task Create_WithSeed002JsonBody_IsVersion1_AndTestRendersTheCrmLead()
    {
        var created = await CreateAsync(new
        {
            name = "salesforce_lead_template",
            description = "lead sync",
            event_types = new[] { "lead.created" },
            body = new { crm_lead = new { external_id = "{{ data.lead.id }}", lead_score = "{{ data.lead.score }}" }, timestamp = "{{ timestamp }}" },
            headers = new Dictionary<string, string> { ["X-Lead-Id"] = "{{ data.lead.id }}" },
        });
        created.Str("id").ShouldStartWith("tpl_");
        created["version"]!.GetValue<int>().ShouldBe(1);
        created.Str("content_type").ShouldBe("application/json");

        var (status, rendered) = await _host.Admin.PostAsync(Path($"/{created.Str("id")}/test"),
            new { event_type = "lead.created", payload = new { lead = new { id = "lead_123", score = 85 } } });

        status.ShouldBe(HttpStatusCode.OK, rendered?.ToJsonString());
        var body = JsonNode.Parse(rendered.Str("body"))!;
        body["crm_lead"].Str("external_id").ShouldBe("lead_123");
        body["crm_lead"].Str("lead_score").ShouldBe("85");
        body.Str("timestamp").ShouldEndWith("Z");
        rendered!["headers"].Str("X-Lead-Id").ShouldBe("lead_123");
        rendered.Str("content_type").ShouldBe("application/json");
    }

    [Fact]
    public async Task Patch_MakesVersion2_RollbackMakesVersion3WithVersion1sContent()
    {
        var id = (await CreateAsync(new { name = "greeting", body = "hello {{ data.name }}", content_type = "text/plain" })).Str("id");

        var (patched, v2) = await _host.Admin.PatchAsync(Path($"/{id}"), """{"body": "hi {{ data.name }}"}""");
        patched.ShouldBe(HttpStatusCode.OK, v2?.ToJsonString());
        v2!["version"]!.GetValue<int>().ShouldBe(2);
        v2.Str("content_type").ShouldBe("text/plain");
        (await TestBodyAsync(id)).ShouldBe("hi Ada");

        var (rolled, v3) = await _host.Admin.PostAsync(Path($"/{id}/rollback"), new { version = 1 });
        rolled.ShouldBe(HttpStatusCode.OK, v3?.ToJsonString());
        v3!["version"]!.GetValue<int>().ShouldBe(3);
        v3["body"]!.GetValue<string>().ShouldBe("hello {{ data.name }}");
        (await TestBodyAsync(id)).ShouldBe("hello Ada");

        var (_, versions) = await _host.Admin.GetJsonAsync(Path($"/{id}/versions"));
        var list = versions!["data"]!.AsArray();
        list.Select(v => v!["version"]!.GetValue<int>()).ShouldBe([3, 2, 1]);
        list[0]!["source_version"]!.GetValue<int>().ShouldBe(1);
        var (_, one) = await _host.Admin.GetJsonAsync(Path($"/{id}/versions/2"));
        one!["body"]!.GetValue<string>().ShouldBe("hi {{ data.name }}");
    }

    private async Task<string> TestBodyAsync(string id)
    {
        var (status, rendered) = await _host.Admin.PostAsync(Path($"/{id}/test"), new { event_type = "user.created", payload = new { name = "Ada" } });
        status.ShouldBe(HttpStatusCode.OK, rendered?.ToJsonString());
        return rendered.Str("body");
    }

    [Fact]
    public async Task Create_WithSyntaxError_Returns422WithLineAndColumn_AndStoresNothing()
    {
        var (status, problem) = await _host.Admin.PostAsync(Path(), new { name = "broken", body = "line one\n{{ data.name | }" });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["line"]!.GetValue<int>().ShouldBe(2);
        problem["column"]!.GetValue<int>().ShouldBeGreaterThan(0);
        problem["errors"]!["body"].ShouldNotBeNull();
        (await _host.Admin.GetJsonAsync(Path())).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task TestDraft_WithSyntaxErrorInAJsonString_NamesItsPointer()
    {
        var (status, problem) = await _host.Admin.PostAsync(Path("/test"),
            new { event_type = "a.b", payload = new { }, body = new { outer = new { inner = "{% if %}" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["body/outer/inner"].ShouldNotBeNull();
        problem["line"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Test_OfARunawayTemplate_Returns422InsteadOfHanging()
    {
        var id = (await CreateAsync(new { name = "bomb", body = "{% assign s = 'xx' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s }}" })).Str("id");

        var (status, problem) = await _host.Admin.PostAsync(Path($"/{id}/test"), new { event_type = "a.b", payload = new { } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["body"]![0]!.GetValue<string>().ShouldContain("limit");
    }

    [Theory]
    [InlineData("""{"body": "x"}""", "name")]
    [InlineData("""{"name": "tpl_x", "body": "x"}""", "name")]
    [InlineData("""{"name": "has space", "body": "x"}""", "name")]
    [InlineData("""{"name": "a"}""", "body")]
    [InlineData("""{"name": "a", "body": "x", "headers": {"webhook-signature": "x"}}""", "headers")]
    [InlineData("""{"name": "a", "body": "x", "content_type": "not a type"}""", "content_type")]
    [InlineData("""{"name": "a", "body": "x", "event_types": ["bad type!"]}""", "event_types")]
    public async Task Create_WithBadField_Returns422NamingIt(string body, string field)
    {
        var (status, problem) = await _host.Admin.PostAsync(Path(), body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task Create_WithTakenName_Returns409()
    {
        await CreateAsync(new { name = "same", body = "x" });
        (await _host.Admin.PostAsync(Path(), new { name = "same", body = "y" })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rollback_ToMissingVersion_Returns422()
    {
        var id = (await CreateAsync(new { name = "one", body = "x" })).Str("id");
        await _host.Admin.PatchAsync(Path($"/{id}"), """{"body": "y"}""");
        var (status, problem) = await _host.Admin.PostAsync(Path($"/{id}/rollback"), new { version = 7 });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["version"].ShouldNotBeNull();
    }

    [Fact]
    public async Task GetByName_ListAndDelete_Work()
    {
        var id = (await CreateAsync(new { name = "by-name", body = "x" })).Str("id");
        (await _host.Admin.GetJsonAsync(Path("/by-name"))).Body.Str("id").ShouldBe(id);
        (await _host.Admin.GetJsonAsync(Path())).Body!["data"]!.AsArray().Count.ShouldBe(1);
        (await _host.Admin.SendAsync(HttpMethod.Delete, Path($"/{id}"))).Status.ShouldBe(HttpStatusCode.NoContent);
        (await _host.Admin.GetJsonAsync(Path($"/{id}"))).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteTemplatesApiTests() : TemplatesApiTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTemplatesApiTests(PostgresFixture postgres) : TemplatesApiTests(postgres);
