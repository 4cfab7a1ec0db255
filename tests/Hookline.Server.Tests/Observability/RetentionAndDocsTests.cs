using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

public sealed class RetentionAndDocsTests
{
    [Fact]
    public async Task RetentionJob_InTheServer_PrunesADeliveredMessagesPayload_AndTheApiSaysSo()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        // A one-second payload age and a fast interval: the job is real, only its ages are short.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:Retention:Payloads"] = "00:00:01",
            ["Hookline:Retention:Interval"] = "00:00:00.200",
        });
        var app = (await host.Admin.CreateAppAsync()).Str("id");
        await host.Admin.CreateEndpointAsync(app, new { url = receiver.Url("/ok") });
        var (_, published) = await host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "order.paid", payload = new { secret_order = 1 } });
        var id = published.Str("id");

        await Eventually.HoldsAsync(async () =>
        {
            var (_, message) = await host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages/{id}");
            return message!["payload_pruned"]!.GetValue<bool>();
        }, TimeSpan.FromSeconds(30), "the delivered message's payload should be pruned");

        var (status, pruned) = await host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        pruned!["payload"].ShouldBeNull();
        pruned.Str("event_type").ShouldBe("order.paid");
        pruned["payload_pruned_at"].ShouldNotBeNull();
        receiver.At("/ok").Count.ShouldBe(1);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryOperationsRoute()
    {
        await using var host = await TestHost.StartAsync();

        var (status, document) = await host.Admin.GetJsonAsync("/openapi/v1.json");

        status.ShouldBe(HttpStatusCode.OK);
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/apps/{app}/analytics/overview");
        paths.ShouldContain("/api/v1/apps/{app}/analytics/trends");
        paths.ShouldContain("/api/v1/apps/{app}/alert-rules");
        paths.ShouldContain("/api/v1/apps/{app}/alert-rules/{rule}");
        paths.ShouldContain("/api/v1/apps/{app}/exports/messages.csv");
        paths.ShouldContain("/api/v1/apps/{app}/exports/deliveries.json");
        paths.ShouldContain("/api/v1/exports");
        paths.ShouldContain("/api/v1/audit-log");
        var schemas = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        schemas.ShouldContain("AnalyticsOverview");
        schemas.ShouldContain("AlertRuleRequest");
        schemas.ShouldContain("AuditEntryResponse");
        schemas.ShouldContain("ExportResponse");
    }
}
