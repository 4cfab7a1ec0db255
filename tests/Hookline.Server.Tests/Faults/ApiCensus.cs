using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Counts what the API holds (apps, event types, and each tenant's endpoints, messages, deliveries, API keys, sources,
/// templates and alert rules),
/// reading every page, and keeps tenant B's resources as read, to show that refused requests wrote nothing.
/// </summary>
public static class ApiCensus
{
    public static async Task<Dictionary<string, long>> CountAsync(HttpClient admin, HostileWorld world)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["apps"] = await CountPagesAsync(admin, "/api/v1/apps"),
            ["event_types"] = await CountPagesAsync(admin, "/api/v1/event-types?include_archived=true"),
        };
        foreach (var (tenant, app) in new[] { ("A", world.AppA), ("B", world.AppB) })
        {
            counts["endpoints:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/endpoints");
            counts["messages:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/messages");
            counts["deliveries:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/deliveries");
            counts["api_keys:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/api-keys");
            counts["sources:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/sources");
            counts["templates:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/templates");
            counts["alert_rules:" + tenant] = await CountPagesAsync(admin, $"/api/v1/apps/{app}/alert-rules");
        }
        return counts;
    }

    /// <summary>Tenant B as the API shows it; nothing hostile may change a byte of it.</summary>
    public static async Task<string> TenantBAsync(HttpClient admin, HostileWorld world)
    {
        var parts = new List<string>();
        foreach (var path in new[]
        {
            $"/api/v1/apps/{world.AppB}", $"/api/v1/apps/{world.AppB}/endpoints/{world.EndpointB}", $"/api/v1/apps/{world.AppB}/endpoints/{world.EndpointB}/secret",
            $"/api/v1/apps/{world.AppB}/messages/{world.MessageB}", $"/api/v1/apps/{world.AppB}/deliveries/{world.DeliveryB}", $"/api/v1/apps/{world.AppB}/api-keys",
        })
        {
            var (status, body) = await admin.GetJsonAsync(path);
            status.ShouldBe(HttpStatusCode.OK, $"{path}: {body?.ToJsonString()}");
            parts.Add(body!.ToJsonString());
        }
        return string.Join('\n', parts);
    }

    private static async Task<long> CountPagesAsync(HttpClient admin, string path)
    {
        long count = 0;
        string? iterator = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 0; ; page++)
        {
            page.ShouldBeLessThan(10_000, $"{path} never reported done");
            var url = $"{path}{separator}limit=250" + (iterator is null ? "" : "&iterator=" + Uri.EscapeDataString(iterator));
            var (status, body) = await admin.GetJsonAsync(url);
            status.ShouldBe(HttpStatusCode.OK, $"reading back {url}: {body?.ToJsonString()}");
            count += body!["data"]!.AsArray().Count;
            if (body["done"]?.GetValue<bool>() != false)
            {
                return count;
            }
            iterator = body["iterator"]!.GetValue<string>();
        }
    }
}
