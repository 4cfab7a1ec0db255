using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Bench.Infra;

namespace Hookline.Bench.Scenarios;

/// <summary>
/// Routing: what filters, templates and schemas cost. (1) The same backlog is drained to a plain
/// endpoint and, on a fresh store, to one with a 5-condition filter and a transformation (every
/// condition passes, so both send every delivery); target ≥ 90 % of the plain rate. (2) Publishing
/// through the API to an event type with a JSON Schema against one without, same server and app;
/// target ≥ 90 %.
/// </summary>
public sealed class RoutingScenario : IScenario
{
    // All five pass on the bench payload {"pad": "xxx…"}, so the filter costs its evaluation and skips nothing.
    private static readonly object Filter = new
    {
        all = new object[]
        {
            new { field_path = "data.pad", @operator = "exists" },
            new { field_path = "data.pad", @operator = "starts_with", value = "x" },
            new { field_path = "data.missing", @operator = "not_exists" },
            new { field_path = "type", @operator = "not_equals", value = "other.event" },
            new { field_path = "id", @operator = "starts_with", value = "msg_" },
        },
    };

    private static readonly object Transformation = new
    {
        enabled = true,
        template = new { kind = "{{ type }}", message = "{{ id }}", at = "{{ timestamp }}", pad = "{{ data.pad }}", source = "bench" },
    };

    private static readonly object Schema = new
    {
        type = "object",
        required = new[] { "pad" },
        properties = new { pad = new { type = "string", pattern = "^x*$" }, t = new { type = "integer", minimum = 0 } },
    };

    public async Task RunAsync(BenchContext context)
    {
        var o = context.Options;
        var plain = await DrainAsync(context, routed: false);
        var routed = await DrainAsync(context, routed: true);
        context.Add(new Measure("routing", o.Store, $"drain {o.Count:N0} with a 5-condition filter + transformation: deliveries/s, start → store empty",
            routed.Rate, "/s", "the same drain to a plain endpoint", plain.Rate, PeakRssMiB: routed.PeakRssMiB).AtLeast(0.9));

        var (withSchema, without) = await PublishAsync(context);
        context.Add(new Measure("routing", o.Store, $"publish to an event type with a JSON Schema: messages accepted/s ({o.Concurrency} publishers)",
            withSchema, "/s", "publish to an event type without one", without).AtLeast(0.9));
    }

    private static async Task<DrainOutcome> DrainAsync(BenchContext context, bool routed)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        var key = context.NewKey(routed ? "routed" : "plain-route");
        string appId, endpointId;
        using (var server = await d.StartAsync(dispatcher: false))
        using (var api = new HooklineApi(server.BaseAddress))
        {
            appId = await api.CreateAppAsync("Routing bench");
            endpointId = (await PostAsync(api, $"/api/v1/apps/{appId}/endpoints", new
            {
                url = context.Receiver.Url("ok", key).ToString(),
                max_concurrency = o.Concurrency,
                filter = routed ? Filter : null,
                transformation = routed ? Transformation : null,
            }))["id"]!.GetValue<string>();
        }
        Progress.Say($"{o.Store}: seeding {o.Count:N0} pending deliveries ({(routed ? "filter + transformation" : "plain")})");
        await Seeder.BacklogAsync(d, appId, [endpointId], o.Count, StampReader.Payload(o.PayloadBytes));
        return await DrainRun.RunAsync(context, d, key, o.Count, $"routing drain {(routed ? "filter + transformation" : "plain")}");
    }

    private static async Task<(double WithSchema, double Without)> PublishAsync(BenchContext context)
    {
        var o = context.Options;
        await using var d = await Deployment.CreateAsync(context, o.Store);
        using var server = await d.StartAsync(dispatcher: false);
        using var api = new HooklineApi(server.BaseAddress);
        await PostAsync(api, "/api/v1/event-types", new { name = "bench.schema", schema = Schema });
        var appId = await api.CreateAppAsync("Schema bench");
        await PostAsync(api, $"/api/v1/apps/{appId}/endpoints", new { url = context.Receiver.Url("ok", context.NewKey("schema")).ToString() });
        var payload = StampReader.Payload(o.PayloadBytes);
        // Alternating phases, each measured twice, so a drift of the machine's load hits both sides alike.
        double with = 0, without = 0;
        foreach (var round in new[] { 1, 2 })
        {
            without += await RateAsync(api, appId, "bench.plain", payload, o);
            with += await RateAsync(api, appId, "bench.schema", payload, o);
            Progress.Say($"round {round}: schema {with / round:N0}/s, none {without / round:N0}/s");
        }
        return (with / 2, without / 2);
    }

    private static async Task<double> RateAsync(HooklineApi api, string appId, string eventType, string payload, BenchOptions o)
    {
        var body = $"{{\"event_type\":\"{eventType}\",\"payload\":{payload}}}";
        async Task Publish(long _)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await api.Client.PostAsync($"/api/v1/apps/{appId}/messages", content);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"publish answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        await LoadGenerator.ClosedAsync(o.Concurrency, Publish, duration: TimeSpan.FromSeconds(1));
        var (done, elapsed) = await LoadGenerator.ClosedAsync(o.Concurrency, Publish, duration: o.Duration);
        return done / elapsed.TotalSeconds;
    }

    private static async Task<JsonNode> PostAsync(HooklineApi api, string path, object body)
    {
        using var response = await api.Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }
}
