using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

/// <summary>
/// A small mixed run against a real server and receiver: one endpoint that answers 200, one that
/// answers 500 with no retries, so every delivery ends after exactly one attempt.
/// </summary>
public sealed class MixedRun : IAsyncDisposable
{
    public const int Good = 6;
    public const int Bad = 4;

    private MixedRun(TestHost host, HttpReceiver receiver, string appId, string goodEndpoint, string badEndpoint)
    {
        Host = host;
        Receiver = receiver;
        AppId = appId;
        GoodEndpoint = goodEndpoint;
        BadEndpoint = badEndpoint;
    }

    public TestHost Host { get; }
    public HttpReceiver Receiver { get; }
    public string AppId { get; }
    public string GoodEndpoint { get; }
    public string BadEndpoint { get; }

    public static async Task<MixedRun> StartAsync(IDictionary<string, string?>? settings = null, IHostStarter? hosts = null)
    {
        var receiver = await HttpReceiver.StartAsync();
        receiver.Answers["/bad"] = _ => 500;
        var config = new Dictionary<string, string?> { ["Hookline:Metrics:IdLabels"] = "true" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        var host = await (hosts ?? SqliteHosts.Instance).StartAsync(config);
        var app = (await host.Admin.CreateAppAsync()).Str("id");
        var good = await host.Admin.CreateEndpointAsync(app, new { url = receiver.Url("/good"), event_types = new[] { "order.paid" } });
        var bad = await host.Admin.CreateEndpointAsync(app, new
        {
            url = receiver.Url("/bad"),
            event_types = new[] { "order.failed" },
            retry_policy = new { schedule_seconds = Array.Empty<double>() },
        });
        return new MixedRun(host, receiver, app, good.Str("id"), bad.Str("id"));
    }

    /// <summary>Publishes the run and waits until every delivery has its final state.</summary>
    public async Task PublishAndSettleAsync()
    {
        for (var i = 0; i < Good + Bad; i++)
        {
            var (status, body) = await Host.Admin.PostAsync($"/api/v1/apps/{AppId}/messages",
                new { event_type = i < Good ? "order.paid" : "order.failed", payload = new { n = i, note = "line, with \"quotes\"\nand a newline" } });
            status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
        }
        await Eventually.HoldsAsync(async () =>
        {
            var succeeded = await CountAsync("succeeded");
            var dead = await CountAsync("dead");
            return succeeded == Good && dead == Bad;
        }, TimeSpan.FromSeconds(30), "every delivery should succeed or go dead");
    }

    private async Task<int> CountAsync(string status)
    {
        var (_, body) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{AppId}/deliveries?status={status}&limit=250");
        return body!["data"]!.AsArray().Count;
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var (status, body) = await Host.Admin.GetJsonAsync(path);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
