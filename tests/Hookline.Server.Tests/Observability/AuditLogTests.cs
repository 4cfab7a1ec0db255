using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

public sealed class AuditLogTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Changes_ThroughTheApi_AreLoggedWithActorTargetAndFieldNames_NeverSecretValues()
    {
        var app = (await _host.Admin.CreateAppAsync()).Str("id");
        const string secret = "whsec_c2VjcmV0LXZhbHVlLW5vdC1pbi10aGUtbG9nLTEyMzQ=";
        var endpoint = (await _host.Admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hooks", secret })).Str("id");
        var (patched, _) = await _host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{endpoint}", """{"description":"orders","disabled":true}""");
        patched.ShouldBe(HttpStatusCode.OK);
        (await _host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints/{endpoint}/secret/rotate", new { })).Status.ShouldBe(HttpStatusCode.OK);
        (await _host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/ep_missing", """{"description":"x"}""")).Status.ShouldBe(HttpStatusCode.NotFound);

        var (status, log) = await _host.Admin.GetJsonAsync($"/api/v1/audit-log?target_id={endpoint}");

        status.ShouldBe(HttpStatusCode.OK);
        log!.ToJsonString().ShouldNotContain("c2VjcmV0LXZhbHVl");
        var entries = log["data"]!.AsArray();
        entries.Select(e => e.Str("action")).ShouldBe(["endpoint.secret_rotate", "endpoint.updated", "endpoint.created"]);
        var created = entries[2]!;
        created["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["url", "secret"]);
        created.Str("app_id").ShouldBe(app);
        created.Str("actor").ShouldNotBeNullOrEmpty();
        entries[1]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["description", "disabled"]);
        var all = (await _host.Admin.GetJsonAsync("/api/v1/audit-log")).Body!["data"]!.AsArray();
        all.Select(e => e.Str("action")).ShouldContain("app.created");
        all.ShouldAllBe(e => e!["status_code"]!.GetValue<int>() < 400, "refused requests changed nothing");
    }

    [Fact]
    public async Task AuditLog_ForAnAppKey_ShowsOnlyItsApp_AndFiltersByActorAndTime()
    {
        var app = (await _host.Admin.CreateAppAsync("One")).Str("id");
        var other = (await _host.Admin.CreateAppAsync("Two")).Str("id");
        var (_, key) = await _host.Admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "team" });
        using var scoped = _host.Client(key.Str("key"));
        (await scoped.PostAsync($"/api/v1/apps/{app}/endpoints", new { url = "http://127.0.0.1:9/a" })).Status.ShouldBe(HttpStatusCode.Created);
        (await _host.Admin.PostAsync($"/api/v1/apps/{other}/endpoints", new { url = "http://127.0.0.1:9/b" })).Status.ShouldBe(HttpStatusCode.Created);

        var own = (await scoped.GetJsonAsync("/api/v1/audit-log")).Body!["data"]!.AsArray();

        own.ShouldAllBe(e => e.Str("app_id") == app);
        own.Count.ShouldBe(2, "the key's creation and its endpoint");
        var byActor = (await _host.Admin.GetJsonAsync($"/api/v1/audit-log?actor={key.Str("id")}")).Body!["data"]!.AsArray();
        byActor.ShouldHaveSingleItem()!.Str("action").ShouldBe("endpoint.created");
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        (await _host.Admin.GetJsonAsync($"/api/v1/audit-log?since={future}")).Body!["data"]!.AsArray().ShouldBeEmpty();
        (await _host.Admin.GetJsonAsync("/api/v1/audit-log?since=soon")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
