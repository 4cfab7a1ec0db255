using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

public sealed class AuthTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _ownApp = null!;
    private string _otherApp = null!;
    private HttpClient _scoped = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _ownApp = (await _host.Admin.CreateAppAsync("Own", "own")).Str("id");
        _otherApp = (await _host.Admin.CreateAppAsync("Other", "other")).Str("id");
        await _host.Admin.CreateEndpointAsync(_otherApp, new { url = "https://example.com/other" });
        var (status, key) = await _host.Admin.PostAsync($"/api/v1/apps/{_ownApp}/api-keys", new { name = "ci" });
        status.ShouldBe(HttpStatusCode.Created);
        key.Str("key").ShouldStartWith("hk_");
        _scoped = _host.Client(key.Str("key"));
    }

    public async Task DisposeAsync()
    {
        _scoped.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Request_WithoutKey_Returns401Problem()
    {
        using var anonymous = _host.Client(null);
        var (status, problem) = await anonymous.GetJsonAsync("/api/v1/apps");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        problem.Str("detail").ShouldContain("Bearer");
    }

    [Fact]
    public async Task Request_WithWrongKey_Returns401()
    {
        using var wrong = _host.Client("hk_not_a_key");
        (await wrong.GetJsonAsync("/api/v1/apps")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ScopedKey_SeesOnlyItsOwnApp()
    {
        var (_, list) = await _scoped.GetJsonAsync("/api/v1/apps");
        list!["data"]!.AsArray().Select(a => a.Str("id")).ShouldBe([_ownApp]);
        (await _scoped.GetJsonAsync($"/api/v1/apps/{_ownApp}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET", "/api/v1/apps/{other}")]
    [InlineData("GET", "/api/v1/apps/other")]
    [InlineData("GET", "/api/v1/apps/{other}/endpoints")]
    [InlineData("GET", "/api/v1/apps/{other}/messages")]
    [InlineData("GET", "/api/v1/apps/{other}/deliveries")]
    [InlineData("DELETE", "/api/v1/apps/{other}")]
    public async Task ScopedKey_CannotSeeOrTouchAnotherApp(string method, string path)
    {
        var (status, _) = await _scoped.SendAsync(new HttpMethod(method), path.Replace("{other}", _otherApp, StringComparison.Ordinal));
        status.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_otherApp}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ScopedKey_CannotPublishOrCreateEndpointsInAnotherApp()
    {
        var (publish, _) = await _scoped.PostAsync($"/api/v1/apps/{_otherApp}/messages", new { event_type = "a.b", payload = new { x = 1 } });
        publish.ShouldBe(HttpStatusCode.NotFound);
        var (create, _) = await _scoped.PostAsync($"/api/v1/apps/{_otherApp}/endpoints", new { url = "https://example.com/x" });
        create.ShouldBe(HttpStatusCode.NotFound);
        var (_, messages) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_otherApp}/messages");
        messages!["data"]!.AsArray().Count.ShouldBe(0);
        var (_, endpoints) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_otherApp}/endpoints");
        endpoints!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task ScopedKey_CannotCreateAppsOrEventTypes()
    {
        (await _scoped.PostAsync("/api/v1/apps", new { name = "mine" })).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await _scoped.PostAsync("/api/v1/event-types", new { name = "a.b" })).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ScopedKey_WorksInItsOwnApp()
    {
        await _scoped.CreateEndpointAsync(_ownApp, new { url = "https://example.com/own" });
        var (status, message) = await _scoped.PostAsync($"/api/v1/apps/{_ownApp}/messages", new { event_type = "a.b", payload = new { x = 1 } });
        status.ShouldBe(HttpStatusCode.Accepted);
        message!["deliveries"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task RevokedKey_StopsWorking()
    {
        var (_, created) = await _host.Admin.PostAsync($"/api/v1/apps/{_ownApp}/api-keys", new { name = "temp" });
        using var temp = _host.Client(created.Str("key"));
        (await temp.GetJsonAsync($"/api/v1/apps/{_ownApp}")).Status.ShouldBe(HttpStatusCode.OK);
        (await _host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{_ownApp}/api-keys/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await temp.GetJsonAsync($"/api/v1/apps/{_ownApp}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeletedApp_ItsKeysStopAuthenticatingAtOnce()
    {
        var app = (await _host.Admin.CreateAppAsync("Doomed", "doomed")).Str("id");
        var (_, key) = await _host.Admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "doomed" });
        using var doomed = _host.Client(key.Str("key"));
        (await doomed.GetJsonAsync("/api/v1/apps")).Status.ShouldBe(HttpStatusCode.OK, "the key works (and is now cached)");

        (await _host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}")).Status.ShouldBe(HttpStatusCode.NoContent);

        (await doomed.GetJsonAsync("/api/v1/apps")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
