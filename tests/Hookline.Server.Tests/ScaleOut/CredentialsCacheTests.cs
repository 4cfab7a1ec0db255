using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>
/// Two nodes on one PostgreSQL database, each with its own credentials and app caches: a key deleted (or whose
/// app is deleted) through one node is refused by the other on the very next request, not after its cache
/// expires, and an app changed through one node is seen changed by the other at once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CredentialsCacheTests(PostgresFixture postgres) : IAsyncLifetime
{
    private string _database = null!;
    private TestHost _a = null!;
    private TestHost _b = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" };
        _a = await PostgresFixture.StartOnAsync(_database, settings);
        _b = await PostgresFixture.StartOnAsync(_database, settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await postgres.Server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task AppDeletedOnOneNode_ItsKeyIsRefusedAtOnce_OnTheOther()
    {
        var (app, key) = await AppWithKeyAsync();
        using var onB = _b.Client(key);
        (await onB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _a.Admin.DeleteAsync($"/api/v1/apps/{app}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await onB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyDeletedOnOneNode_IsRefusedAtOnce_OnTheOther_WhileOtherKeysKeepWorking()
    {
        var (app, key) = await AppWithKeyAsync();
        var (_, other) = await _a.Admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "other" });
        using var onB = _b.Client(key);
        using var otherOnB = _b.Client(other.Str("key"));
        (await onB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await otherOnB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var keyId = (await _a.Admin.GetJsonAsync($"/api/v1/apps/{app}/api-keys")).Body!["data"]!.AsArray()
            .Single(k => k!["name"]!.GetValue<string>() == "first")!["id"]!.GetValue<string>();

        (await _a.Admin.DeleteAsync($"/api/v1/apps/{app}/api-keys/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await onB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await otherOnB.GetAsync($"/api/v1/apps/{app}/endpoints")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AppChangedOnOneNode_IsSeenChangedAtOnce_OnTheOther_ByIdAndByItsNewUid()
    {
        var (status, created) = await _a.Admin.PostAsync("/api/v1/apps", new { name = "Before", uid = "before" });
        status.ShouldBe(HttpStatusCode.Created);
        var id = created.Str("id");
        (await _b.Admin.GetJsonAsync($"/api/v1/apps/{id}")).Body.Str("name").ShouldBe("Before");
        (await _b.Admin.GetJsonAsync("/api/v1/apps/before")).Status.ShouldBe(HttpStatusCode.OK);

        (await _a.Admin.PatchAsync($"/api/v1/apps/{id}", """{"name":"After","uid":"after"}""")).Status.ShouldBe(HttpStatusCode.OK);

        (await _b.Admin.GetJsonAsync($"/api/v1/apps/{id}")).Body.Str("name").ShouldBe("After");
        (await _b.Admin.GetJsonAsync("/api/v1/apps/before")).Status.ShouldBe(HttpStatusCode.NotFound);
        var (byNewUid, found) = await _b.Admin.GetJsonAsync("/api/v1/apps/after");
        byNewUid.ShouldBe(HttpStatusCode.OK);
        found.Str("id").ShouldBe(id);
    }

    private async Task<(string App, string Key)> AppWithKeyAsync()
    {
        var app = (await _a.Admin.CreateAppAsync()).Str("id");
        var (status, key) = await _a.Admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "first" });
        status.ShouldBe(HttpStatusCode.Created);
        return (app, key.Str("key"));
    }
}
