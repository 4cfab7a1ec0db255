using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

/// <summary>Runs on every store.</summary>
public abstract class AppsApiTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await hosts.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_ReturnsPrefixedIdAndFields_AndGetFindsItByIdAndUid()
    {
        var (status, app) = await _host.Admin.PostAsync("/api/v1/apps", """{"name":"Acme","uid":"acme-prod","metadata":{"team":"billing"}}""");
        status.ShouldBe(HttpStatusCode.Created);
        var id = app.Str("id");
        id.ShouldStartWith("app_");
        app.Str("name").ShouldBe("Acme");
        app!["metadata"]!["team"]!.GetValue<string>().ShouldBe("billing");
        app.Str("created_at").ShouldEndWith("Z");

        var (byId, fromId) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{id}");
        byId.ShouldBe(HttpStatusCode.OK);
        fromId.Str("uid").ShouldBe("acme-prod");
        var (byUid, fromUid) = await _host.Admin.GetJsonAsync("/api/v1/apps/acme-prod");
        byUid.ShouldBe(HttpStatusCode.OK);
        fromUid.Str("id").ShouldBe(id);
    }

    [Fact]
    public async Task Create_WithTakenUid_Returns409AndWritesNothing()
    {
        await _host.Admin.CreateAppAsync("One", "same");
        var (status, problem) = await _host.Admin.PostAsync("/api/v1/apps", """{"name":"Two","uid":"same"}""");
        status.ShouldBe(HttpStatusCode.Conflict);
        problem.Str("detail").ShouldContain("same");
        var (_, list) = await _host.Admin.GetJsonAsync("/api/v1/apps");
        list!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task List_PagesNewestFirstWithIterator()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _host.Admin.CreateAppAsync($"app{i}")).Str("id"));
        }
        var (_, first) = await _host.Admin.GetJsonAsync("/api/v1/apps?limit=2");
        first!["done"]!.GetValue<bool>().ShouldBeFalse();
        first["data"]!.AsArray().Select(a => a.Str("id")).ShouldBe([ids[4], ids[3]]);
        var (_, second) = await _host.Admin.GetJsonAsync($"/api/v1/apps?limit=2&iterator={first.Str("iterator")}");
        second!["data"]!.AsArray().Select(a => a.Str("id")).ShouldBe([ids[2], ids[1]]);
        var (_, third) = await _host.Admin.GetJsonAsync($"/api/v1/apps?limit=2&iterator={second.Str("iterator")}");
        third!["data"]!.AsArray().Select(a => a.Str("id")).ShouldBe([ids[0]]);
        third["done"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=251")]
    [InlineData("iterator=%%%")]
    public async Task List_WithBadPaging_Returns422(string query)
    {
        var (status, problem) = await _host.Admin.GetJsonAsync($"/api/v1/apps?{query}");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Patch_TellsAbsentFieldFromExplicitNull()
    {
        var app = await _host.Admin.CreateAppAsync("Acme", "acme");
        var id = app.Str("id");
        var (status, renamed) = await _host.Admin.PatchAsync($"/api/v1/apps/{id}", """{"name":"Acme Inc"}""");
        status.ShouldBe(HttpStatusCode.OK);
        renamed.Str("name").ShouldBe("Acme Inc");
        renamed.Str("uid").ShouldBe("acme"); // absent: unchanged
        var (_, cleared) = await _host.Admin.PatchAsync($"/api/v1/apps/{id}", """{"uid":null}""");
        cleared!["uid"].ShouldBeNull(); // explicit null: cleared
        cleared.Str("name").ShouldBe("Acme Inc");
        var (nameNull, _) = await _host.Admin.PatchAsync($"/api/v1/apps/{id}", """{"name":null}""");
        nameNull.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Delete_RemovesTheAppAndItsEndpoints()
    {
        var id = (await _host.Admin.CreateAppAsync()).Str("id");
        await _host.Admin.CreateEndpointAsync(id, new { url = "https://example.com/hook" });
        var (status, _) = await _host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{id}");
        status.ShouldBe(HttpStatusCode.NoContent);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{id}/endpoints")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"uid":"x"}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"a","uid":"has space"}""", "uid")]
    [InlineData("""{"name":"a","uid":"app_123"}""", "uid")]
    public async Task Create_WithInvalidFields_Returns422NamingTheField(string body, string field)
    {
        var (status, problem) = await _host.Admin.PostAsync("/api/v1/apps", body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]![field].ShouldNotBeNull();
        (await _host.Admin.GetJsonAsync("/api/v1/apps")).Body!["data"]!.AsArray().Count.ShouldBe(0);
    }
}

public sealed class SqliteAppsApiTests() : AppsApiTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppsApiTests(PostgresFixture postgres) : AppsApiTests(postgres);
