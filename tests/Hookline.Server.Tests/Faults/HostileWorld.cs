using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Two tenants with an endpoint, a message, a delivery and an app-scoped API key each: what the hostile
/// requests aim at. Tenant A's key is used against tenant B's ids.
/// </summary>
public sealed record HostileWorld(
    string AppA, string AppAUid, string AppB, string AppBUid, string EndpointA, string EndpointB, string MessageA, string MessageB,
    string DeliveryA, string DeliveryB, string KeyA, string KeyAId, string KeyBId, string EventType, string SourceA, string TemplateA, string AlertRuleA)
{
    /// <summary>Every id of tenant B; none may appear in an answer to tenant A's key.</summary>
    public IReadOnlyList<string> TenantBIds => [AppB, AppBUid, EndpointB, MessageB, DeliveryB, KeyBId];

    public static async Task<HostileWorld> CreateAsync(HttpClient admin)
    {
        const string eventType = "order.created";
        (await admin.PostAsync("/api/v1/event-types", new { name = eventType, description = "world" })).Status.ShouldBe(HttpStatusCode.Created);
        var a = await Tenant(admin, "tenant-a", eventType);
        var b = await Tenant(admin, "tenant-b", eventType);
        // Tenant A also has a source, a template and an alert rule: what their PATCH and action routes aim at.
        var source = await CreatedAsync(admin, $"/api/v1/apps/{a.App}/sources", new { name = "world source", verification = new { type = "hmac", header = "X-Signature" } });
        var template = await CreatedAsync(admin, $"/api/v1/apps/{a.App}/templates", new { name = "world", body = "{{ payload }}" });
        var rule = await CreatedAsync(admin, $"/api/v1/apps/{a.App}/alert-rules", new { metric = "backlog", threshold = 10, period = "5m" });
        return new HostileWorld(a.App, "tenant-a", b.App, "tenant-b", a.Endpoint, b.Endpoint, a.Message, b.Message, a.Delivery, b.Delivery,
            a.Key, a.KeyId, b.KeyId, eventType, source, template, rule);
    }

    private static async Task<string> CreatedAsync(HttpClient admin, string path, object body)
    {
        var (status, created) = await admin.PostAsync(path, body);
        status.ShouldBe(HttpStatusCode.Created, $"{path}: {created?.ToJsonString()}");
        return created.Str("id");
    }

    private static async Task<(string App, string Endpoint, string Message, string Delivery, string Key, string KeyId)> Tenant(HttpClient admin, string uid, string eventType)
    {
        var app = (await admin.CreateAppAsync("Tenant " + uid, uid)).Str("id");
        // A public name: the hostile host refuses private targets, and runs no delivery engine, so nothing is sent.
        var endpoint = (await admin.CreateEndpointAsync(app, new { url = $"https://hooks.example.com/{uid}" })).Str("id");
        var (published, message) = await admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = eventType, payload = new { tenant = uid } });
        published.ShouldBe(HttpStatusCode.Accepted, message?.ToJsonString());
        var (_, deliveries) = await admin.GetJsonAsync($"/api/v1/apps/{app}/messages/{message.Str("id")}/deliveries");
        var delivery = deliveries!["data"]!.AsArray().Single().Str("id");
        var (keyStatus, key) = await admin.PostAsync($"/api/v1/apps/{app}/api-keys", new { name = "tenant key" });
        keyStatus.ShouldBe(HttpStatusCode.Created, key?.ToJsonString());
        return (app, endpoint, message.Str("id"), delivery, key.Str("key"), key.Str("id"));
    }
}
