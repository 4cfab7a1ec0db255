using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

/// <summary>NUL (U+0000) in request text: PostgreSQL text cannot hold it, so both stores refuse it with a 422 naming the field.</summary>
public abstract class NulTextTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    protected abstract Task<TestHost> StartAsync();

    public async Task InitializeAsync()
    {
        _host = await StartAsync();
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "apps", "{\"name\":\"a\\u0000b\"}", "name")]
    [InlineData("POST", "apps", "{\"name\":\"ok\",\"uid\":\"u\\u0000\"}", "uid")]
    [InlineData("POST", "apps", "{\"name\":\"ok\",\"metadata\":{\"k\":\"v\\u0000\"}}", "metadata.k")]
    [InlineData("POST", "apps", "{\"name\":\"ok\",\"metadata\":{\"k\\u0000\":\"v\"}}", "metadata")]
    [InlineData("PATCH", "apps/{app}", "{\"name\":\"\\u0000\"}", "name")]
    [InlineData("POST", "apps/{app}/endpoints", "{\"url\":\"https://example.com/a\",\"description\":\"\\u0000\"}", "description")]
    [InlineData("POST", "apps/{app}/endpoints", "{\"url\":\"https://example.com/a\",\"headers\":{\"X-A\":\"1\\u00002\"}}", "headers.X-A")]
    [InlineData("POST", "apps/{app}/endpoints", "{\"url\":\"https://example.com/a\",\"channels\":[\"eu\\u0000\"]}", "channels[0]")]
    [InlineData("POST", "apps/{app}/messages", "{\"event_type\":\"a.b\",\"event_id\":\"e\\u0000\",\"payload\":{}}", "event_id")]
    [InlineData("POST", "event-types", "{\"name\":\"nul.test\",\"description\":\"d\\u0000\"}", "description")]
    public async Task Text_WithNul_Is422NamingTheField_AndWritesNothing(string method, string route, string body, string field)
    {
        var before = await CountAsync();

        var (status, problem) = await _host.Admin.SendAsync(new HttpMethod(method), "/api/v1/" + route.Replace("{app}", _app, StringComparison.Ordinal), body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await CountAsync()).ShouldBe(before);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}")).Body.Str("name").ShouldBe("Acme");
    }

    [Fact]
    public async Task Payload_WithNul_IsKeptAsSent_AndReadsBack()
    {
        var (status, message) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/messages", "{\"event_type\":\"a.b\",\"payload\":{\"s\":\"a\\u0000b\"}}");
        status.ShouldBe(HttpStatusCode.Accepted, message?.ToJsonString());

        var (read, stored) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages/{message.Str("id")}");

        read.ShouldBe(HttpStatusCode.OK);
        stored!["payload"]!["s"]!.GetValue<string>().ShouldBe("a\0b");
    }

    [Fact]
    public async Task Text_WithAnEscapedBackslashBeforeU0000_IsNotNul_AndIsAccepted()
    {
        var (status, app) = await _host.Admin.SendAsync(HttpMethod.Post, "/api/v1/apps", "{\"name\":\"a\\\\u0000b\"}");

        status.ShouldBe(HttpStatusCode.Created, app?.ToJsonString());
        app.Str("name").ShouldBe("a\\u0000b");
    }

    private async Task<int> CountAsync()
    {
        var apps = (await _host.Admin.GetJsonAsync("/api/v1/apps?limit=250")).Body!["data"]!.AsArray().Count;
        var endpoints = (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints")).Body!["data"]!.AsArray().Count;
        var messages = (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().Count;
        var types = (await _host.Admin.GetJsonAsync("/api/v1/event-types?limit=250")).Body!["data"]!.AsArray().Count;
        return apps + endpoints + messages + types;
    }
}

public sealed class SqliteNulTextTests : NulTextTests
{
    protected override Task<TestHost> StartAsync() => TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresNulTextTests(PostgresFixture postgres) : NulTextTests
{
    protected override Task<TestHost> StartAsync() => postgres.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
}
