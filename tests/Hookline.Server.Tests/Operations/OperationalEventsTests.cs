using System.Net;
using System.Text.Json.Nodes;
using Hookline.Core.Operations;
using Hookline.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Hookline.Server.Tests.Operations;

/// <summary>
/// Operational events end to end: the server publishes them into the operations app, and an ordinary
/// endpoint of that app receives them from the delivery engine over real HTTP.
/// </summary>
public sealed class OperationalEventsTests : IAsyncLifetime
{
    private const string OpsPath = "/ops";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private HttpReceiver _receiver = null!;
    private TestHost? _host;

    public async Task InitializeAsync() => _receiver = await HttpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await _receiver.DisposeAsync();
    }

    private TestHost Host => _host!;

    private async Task StartAsync(Dictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        var all = new Dictionary<string, string?> { ["Hookline:OperationsApp"] = "ops" };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }
        _host = await TestHost.StartAsync(all, configure: logs is null ? null : b => b.Logging.AddProvider(logs));
    }

    /// <summary>An endpoint at the receiver in the operations app (created at start); returns that endpoint's signing secret and id.</summary>
    private async Task<(string Secret, string EndpointId)> CreateOpsAppAsync(object? endpointExtras = null)
    {
        var endpoint = await Host.Admin.CreateEndpointAsync("ops", endpointExtras ?? new { url = _receiver.Url(OpsPath) });
        return (endpoint.Str("secret"), endpoint.Str("id"));
    }

    private sealed record OpsEvent(string Type, JsonNode Data, ReceivedRequest Request);

    private IReadOnlyList<OpsEvent> Received() =>
        _receiver.At(OpsPath).Select(r =>
        {
            var body = JsonNode.Parse(r.Body)!;
            return new OpsEvent(body.Str("type"), body["data"]!, r);
        }).ToList();

    private async Task<IReadOnlyList<OpsEvent>> ReceivedAsync(Func<IReadOnlyList<OpsEvent>, bool> enough, string because)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(enough(Received())), Within, because);
        return Received();
    }

    /// <summary>Every message of an app, newest first, as the Messages API lists them.</summary>
    private async Task<JsonArray> MessagesAsync(string app)
    {
        var (status, body) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages?limit=250");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["data"]!.AsArray();
    }

    [Fact]
    public async Task EndpointLifecycle_ReachesTheOperationsEndpoint_Signed()
    {
        await StartAsync();
        var (secret, opsEndpoint) = await CreateOpsAppAsync();
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/acme" });
        var id = endpoint.Str("id");
        (await Host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{id}", """{"description":"billing"}""")).Item1.ShouldBe(HttpStatusCode.OK);
        (await Host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{id}", """{"disabled":true}""")).Item1.ShouldBe(HttpStatusCode.OK);
        (await Host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}/endpoints/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);

        var received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.EndpointDeleted) && r.Count >= 5, "the endpoint's life should be reported");

        received.Select(e => e.Type).Order().ShouldBe(new[]
        {
            OperationalEventTypes.EndpointCreated, OperationalEventTypes.EndpointDeleted, OperationalEventTypes.EndpointDisabled,
            OperationalEventTypes.EndpointUpdated, OperationalEventTypes.EndpointUpdated,
        }.Order());
        received.ShouldAllBe(e => StandardWebhooksSignature.Verifies(secret, e.Request));
        received.ShouldAllBe(e => e.Data.Str("endpoint_id") == id && e.Data.Str("app_id") == app && e.Data.Str("url") == "https://hooks.example.com/acme");
        received.ShouldNotContain(e => e.Data.Str("endpoint_id") == opsEndpoint, "the operations app's own endpoint is not reported");

        var created = received.Single(e => e.Type == OperationalEventTypes.EndpointCreated).Data;
        created["disabled"]!.GetValue<bool>().ShouldBeFalse();
        created.Str("type").ShouldBe("endpoint.created");
        var disabled = received.Single(e => e.Type == OperationalEventTypes.EndpointDisabled).Data;
        disabled.Str("cause").ShouldBe("api");
        disabled.Str("reason").ShouldBe("disabled by API");

        // Published as ordinary messages of the operations app, each with its event id.
        var messages = await MessagesAsync("ops");
        messages.Count.ShouldBe(5);
        messages.Select(m => m.Str("event_id")).ShouldContain($"op_endpoint.created_{id}");
        messages.Select(m => m.Str("event_id")).ShouldContain($"op_endpoint.deleted_{id}");
    }

    [Fact]
    public async Task TheSameOccurrenceReportedTwice_IsPublishedOnce()
    {
        await StartAsync();
        await CreateOpsAppAsync();
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/acme" });
        var stored = (await Host.Service<Core.Storage.IHooklineStore>().Endpoints.FindAsync(endpoint.Str("id")))!;

        // As when a node re-sends a delivery after a crash and reports the same attempt again.
        var events = Host.Service<IOperationalEvents>();
        events.Emit(OperationalEvent.EndpointDisabled(stored, "410 Gone", DisableCauses.Gone, stored.UpdatedAt));
        events.Emit(OperationalEvent.EndpointDisabled(stored, "410 Gone", DisableCauses.Gone, stored.UpdatedAt));
        events.Emit(OperationalEvent.EndpointDeleted(stored, stored.UpdatedAt));
        await Eventually.HoldsAsync(async () => (await MessagesAsync("ops")).Any(m => m.Str("event_type") == OperationalEventTypes.EndpointDeleted),
            Within, "the last event should be published");

        (await MessagesAsync("ops")).Select(m => m.Str("event_type")).Order()
            .ShouldBe([OperationalEventTypes.EndpointCreated, OperationalEventTypes.EndpointDeleted, OperationalEventTypes.EndpointDisabled]);
        await ReceivedAsync(r => r.Count == 3, "each stored event should be delivered once");
        Received().Count(e => e.Type == OperationalEventTypes.EndpointDisabled).ShouldBe(1);
    }

    [Fact]
    public async Task EventTypes_AreRegisteredWithDescriptions()
    {
        await StartAsync();
        var (status, body) = await Host.Admin.GetJsonAsync("/api/v1/event-types?limit=250");
        status.ShouldBe(HttpStatusCode.OK);
        var listed = body!["data"]!.AsArray().ToDictionary(t => t.Str("name"), t => t!["description"]?.GetValue<string>());
        foreach (var (name, description) in OperationalEventTypes.All)
        {
            listed.ShouldContainKey(name);
            listed[name].ShouldBe(description);
        }
    }

    [Fact]
    public async Task AlwaysFailingEndpoint_ReportsFailingOnce_ThenExhausted()
    {
        await StartAsync(new() { ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "100" });
        var (secret, _) = await CreateOpsAppAsync();
        _receiver.Answers["/down"] = _ => 500;
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = _receiver.Url("/down"), retry_policy = new { schedule_seconds = new[] { 0.1, 0.1 } } });
        var (_, message) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "invoice.paid", payload = new { n = 1 } });

        var received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.AttemptExhausted), "the delivery going dead should be reported");

        _receiver.At("/down").Count.ShouldBe(3);
        var attempts = received.Where(e => e.Type.StartsWith("message.attempt.", StringComparison.Ordinal)).ToList();
        attempts.Select(e => e.Type).ShouldBe([OperationalEventTypes.AttemptFailing, OperationalEventTypes.AttemptExhausted]);
        attempts.ShouldAllBe(e => StandardWebhooksSignature.Verifies(secret, e.Request));
        var failing = attempts[0].Data;
        failing.Str("message_id").ShouldBe(message.Str("id"));
        failing.Str("endpoint_id").ShouldBe(endpoint.Str("id"));
        failing.Str("app_id").ShouldBe(app);
        failing.Str("event_type").ShouldBe("invoice.paid");
        failing["attempt_count"]!.GetValue<int>().ShouldBe(1);
        failing["last_status_code"]!.GetValue<int>().ShouldBe(500);
        failing.Str("last_error_class").ShouldBe("status");
        failing["next_attempt_at"].ShouldNotBeNull();
        var exhausted = attempts[1].Data;
        exhausted.Str("delivery_id").ShouldBe(failing.Str("delivery_id"));
        exhausted["attempt_count"]!.GetValue<int>().ShouldBe(3);
        exhausted["last_status_code"]!.GetValue<int>().ShouldBe(500);
    }

    [Fact]
    public async Task FailingTwiceThenOk_ReportsFailingThenRecovered()
    {
        await StartAsync(new() { ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "100" });
        await CreateOpsAppAsync();
        _receiver.Answers["/flaky"] = n => n < 2 ? 503 : 200;
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        await Host.Admin.CreateEndpointAsync(app, new { url = _receiver.Url("/flaky"), retry_policy = new { schedule_seconds = new[] { 0.1, 0.1, 0.1 } } });
        var (_, message) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "invoice.paid", payload = new { n = 1 } });

        var received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.AttemptRecovered), "the recovery should be reported");

        var attempts = received.Where(e => e.Type.StartsWith("message.attempt.", StringComparison.Ordinal)).ToList();
        attempts.Select(e => e.Type).ShouldBe([OperationalEventTypes.AttemptFailing, OperationalEventTypes.AttemptRecovered]);
        var recovered = attempts[1].Data;
        recovered.Str("message_id").ShouldBe(message.Str("id"));
        recovered["attempt_count"]!.GetValue<int>().ShouldBe(3);
        recovered["last_status_code"]!.GetValue<int>().ShouldBe(200);
        recovered["last_error_class"].ShouldBeNull();
    }

    [Fact]
    public async Task BreakerOpening_ReportsCircuitOpened_AndTheProbeThatClosesIt_CircuitClosed()
    {
        await StartAsync(new()
        {
            ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "2",
            ["Hookline:Delivery:Breaker:BreakDuration"] = "00:00:00.5",
        });
        await CreateOpsAppAsync();
        var failing = true;
        _receiver.Answers["/down"] = _ => failing ? 500 : 200;
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = _receiver.Url("/down"), retry_policy = new { schedule_seconds = new[] { 3600 } } });
        for (var i = 0; i < 2; i++)
        {
            await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "invoice.paid", payload = new { n = i } });
        }

        var received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.CircuitOpened), "the circuit opening should be reported");
        var opened = received.Single(e => e.Type == OperationalEventTypes.CircuitOpened).Data;
        opened.Str("endpoint_id").ShouldBe(endpoint.Str("id"));
        opened.Str("app_id").ShouldBe(app);
        opened.Str("url").ShouldBe(_receiver.Url("/down"));
        opened.Str("reason").ShouldBe("2 consecutive failures");
        opened.Str("node").ShouldBe("local");
        opened["next_probe_at"].ShouldNotBeNull();

        failing = false;
        await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "invoice.paid", payload = new { n = 2 } });
        received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.CircuitClosed), "the probe closing the circuit should be reported");
        received.Single(e => e.Type == OperationalEventTypes.CircuitClosed).Data.Str("reason").ShouldBe("probe succeeded");
    }

    [Fact]
    public async Task FailingOperationsEndpoint_IsNotReportedOnItself()
    {
        await StartAsync(new()
        {
            ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "1",
            ["Hookline:Delivery:Breaker:BreakDuration"] = "00:00:00.1",
        });
        _receiver.Answers["/ops-down"] = _ => 500;
        var (_, opsEndpoint) = await CreateOpsAppAsync(new { url = _receiver.Url("/ops-down"), retry_policy = new { schedule_seconds = new[] { 0.05 } } });
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/acme" });

        // endpoint.created goes to the failing operations endpoint and dies there.
        await Eventually.HoldsAsync(async () =>
        {
            var (_, dead) = await Host.Admin.GetJsonAsync($"/api/v1/apps/ops/deliveries?status=dead");
            return dead!["data"]!.AsArray().Count == 1;
        }, Within, "the operations endpoint's delivery should go dead");
        _receiver.At("/ops-down").Count.ShouldBe(2);

        // Events are published in order, so once this one is there, anything the failures caused would be too.
        (await Host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}/endpoints/{endpoint.Str("id")}")).Status.ShouldBe(HttpStatusCode.NoContent);
        await Eventually.HoldsAsync(async () => (await MessagesAsync("ops")).Any(m => m.Str("event_type") == OperationalEventTypes.EndpointDeleted),
            Within, "endpoint.deleted should be published");

        var messages = await MessagesAsync("ops");
        messages.Select(m => m.Str("event_type")).Order().ShouldBe([OperationalEventTypes.EndpointCreated, OperationalEventTypes.EndpointDeleted]);
        messages.ShouldAllBe(m => m!["payload"]!.Str("endpoint_id") != opsEndpoint);
    }

    [Fact]
    public async Task WithoutOperationsApp_NothingIsPublished()
    {
        _host = await TestHost.StartAsync();
        Host.Service<IOperationalEvents>().Enabled.ShouldBeFalse();
        _receiver.Answers["/down"] = _ => 500;
        var app = (await Host.Admin.CreateAppAsync("Acme", "ops")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(app, new { url = _receiver.Url("/down"), retry_policy = new { schedule_seconds = new[] { 0.05 } } });
        await Host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{endpoint.Str("id")}", """{"description":"changed"}""");
        var (_, message) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "invoice.paid", payload = new { n = 1 } });
        await Eventually.HoldsAsync(async () =>
        {
            var (_, deliveries) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages/{message.Str("id")}/deliveries");
            return deliveries!["data"]![0]!.Str("status") == "dead";
        }, Within, "the delivery should go dead");
        (await Host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}/endpoints/{endpoint.Str("id")}")).Status.ShouldBe(HttpStatusCode.NoContent);

        (await MessagesAsync(app)).Select(m => m.Str("event_type")).ShouldBe(["invoice.paid"]);
        var (_, types) = await Host.Admin.GetJsonAsync("/api/v1/event-types?limit=250");
        types!["data"]!.AsArray().Select(t => t.Str("name")).ShouldNotContain(OperationalEventTypes.EndpointCreated);
    }

    [Fact]
    public async Task OperationsUid_IsCreatedAtStart_AndNoAppKeyCanTakeIt()
    {
        await StartAsync();
        var (status, ops) = await Host.Admin.GetJsonAsync("/api/v1/apps/ops");
        status.ShouldBe(HttpStatusCode.OK, "the operations app is created at start");
        var tenant = (await Host.Admin.CreateAppAsync("Tenant")).Str("id");
        var (_, key) = await Host.Admin.PostAsync($"/api/v1/apps/{tenant}/api-keys", new { name = "tenant" });
        using var scoped = Host.Client(key.Str("key"));

        var (patched, problem) = await scoped.PatchAsync($"/api/v1/apps/{tenant}", """{"uid":"ops"}""");

        patched.ShouldBe(HttpStatusCode.Conflict, problem?.ToJsonString());
        problem.Str("detail").ShouldContain("reserved");
        await CreateOpsAppAsync();
        var other = (await Host.Admin.CreateAppAsync("Other")).Str("id");
        var endpoint = await Host.Admin.CreateEndpointAsync(other, new { url = "https://hooks.example.com/other?token=s3cret" });
        await ReceivedAsync(r => r.Any(e => e.Data.Str("endpoint_id") == endpoint.Str("id")), "the other app's event reaches the operations app");
        (await MessagesAsync(tenant)).ShouldBeEmpty();
        (await MessagesAsync(ops.Str("id"))).Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task OperationsAppNamedById_ThatDoesNotExist_LogsAWarningAtStart()
    {
        var logs = new LogCapture();
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:OperationsApp"] = "app_2zzzzzzzzzzzzzzzzzzzzzzzzzz" },
            configure: b => b.Logging.AddProvider(logs));

        logs.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains("but no app has that id", StringComparison.Ordinal));
        (await Host.Admin.GetJsonAsync("/api/v1/apps?limit=250")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task DeletingAnApp_ReportsEndpointDeletedForEachOfItsEndpoints()
    {
        await StartAsync();
        await CreateOpsAppAsync();
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var first = (await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/one" })).Str("id");
        var second = (await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/two" })).Str("id");

        (await Host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{app}")).Status.ShouldBe(HttpStatusCode.NoContent);

        var received = await ReceivedAsync(r => r.Count(e => e.Type == OperationalEventTypes.EndpointDeleted) >= 2, "each endpoint's deletion is reported");
        received.Where(e => e.Type == OperationalEventTypes.EndpointDeleted).Select(e => e.Data.Str("endpoint_id")).Order().ShouldBe(new[] { first, second }.Order());
    }

    [Fact]
    public async Task EnablingADisabledEndpoint_ReportsEndpointEnabled()
    {
        await StartAsync();
        await CreateOpsAppAsync();
        var app = (await Host.Admin.CreateAppAsync("Acme")).Str("id");
        var id = (await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/acme", disabled = true })).Str("id");

        (await Host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{id}", """{"disabled":false}""")).Item1.ShouldBe(HttpStatusCode.OK);

        var received = await ReceivedAsync(r => r.Any(e => e.Type == OperationalEventTypes.EndpointEnabled), "enabling is reported");
        var enabled = received.Single(e => e.Type == OperationalEventTypes.EndpointEnabled).Data;
        enabled.Str("endpoint_id").ShouldBe(id);
        enabled["disabled"]!.GetValue<bool>().ShouldBeFalse();
    }
}
