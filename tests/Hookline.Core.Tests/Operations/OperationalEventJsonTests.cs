using System.Text.Json;
using Hookline.Core.Endpoints;
using Hookline.Core.Operations;

namespace Hookline.Core.Tests.Operations;

public sealed class OperationalEventJsonTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);

    private static readonly Endpoint Endpoint = new()
    {
        Id = "ep_1",
        AppId = "app_1",
        Url = "https://example.com/hooks",
        CreatedAt = At,
        UpdatedAt = At.AddMinutes(5),
    };

    private static JsonElement Parse(OperationalEvent e) => JsonDocument.Parse(OperationalEventJson.Serialize(e)).RootElement;

    private static string[] Names(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void AttemptEvent_CarriesTheDeliveryAndItsLastAttempt()
    {
        var e = OperationalEvent.ForAttempt(OperationalEventTypes.AttemptFailing, Endpoint, new AttemptDetails
        {
            MessageId = "msg_1",
            DeliveryId = "dlv_1",
            EventType = "invoice.paid",
            AttemptCount = 1,
            LastStatusCode = 503,
            LastErrorClass = "status",
            LastError = "HTTP 503",
            NextAttemptAt = At.AddSeconds(5),
        }, At);

        e.EventId.ShouldBe("op_message.attempt.failing_dlv_1_1");
        var json = Parse(e);
        Names(json).ShouldBe(["type", "app_id", "endpoint_id", "url", "message_id", "delivery_id", "event_type", "attempt_count",
            "last_status_code", "last_error_class", "last_error", "next_attempt_at", "at"]);
        json.GetProperty("type").GetString().ShouldBe("message.attempt.failing");
        json.GetProperty("app_id").GetString().ShouldBe("app_1");
        json.GetProperty("endpoint_id").GetString().ShouldBe("ep_1");
        json.GetProperty("url").GetString().ShouldBe("https://example.com/hooks");
        json.GetProperty("message_id").GetString().ShouldBe("msg_1");
        json.GetProperty("delivery_id").GetString().ShouldBe("dlv_1");
        json.GetProperty("attempt_count").GetInt32().ShouldBe(1);
        json.GetProperty("last_status_code").GetInt32().ShouldBe(503);
        json.GetProperty("last_error_class").GetString().ShouldBe("status");
        json.GetProperty("next_attempt_at").GetDateTimeOffset().ShouldBe(At.AddSeconds(5));
        json.GetProperty("at").GetDateTimeOffset().ShouldBe(At);
    }

    [Fact]
    public void AttemptEvent_WithoutAResponse_HasNullStatusCode_AndRecoveredHasNullErrorClass()
    {
        var timedOut = Parse(OperationalEvent.ForAttempt(OperationalEventTypes.AttemptExhausted, Endpoint,
            new AttemptDetails { MessageId = "msg_1", DeliveryId = "dlv_1", EventType = "a.b", AttemptCount = 4, LastErrorClass = "timeout", LastError = "timed out" }, At));
        timedOut.GetProperty("last_status_code").ValueKind.ShouldBe(JsonValueKind.Null);
        timedOut.TryGetProperty("next_attempt_at", out _).ShouldBeFalse();

        var recovered = Parse(OperationalEvent.ForAttempt(OperationalEventTypes.AttemptRecovered, Endpoint,
            new AttemptDetails { MessageId = "msg_1", DeliveryId = "dlv_1", EventType = "a.b", AttemptCount = 3, LastStatusCode = 200 }, At));
        recovered.GetProperty("last_status_code").GetInt32().ShouldBe(200);
        recovered.GetProperty("last_error_class").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void EndpointEvents_CarryTheEndpointAndAStableEventId()
    {
        var created = OperationalEvent.EndpointCreated(Endpoint);
        created.EventId.ShouldBe("op_endpoint.created_ep_1");
        var json = Parse(created);
        Names(json).ShouldBe(["type", "app_id", "endpoint_id", "url", "disabled", "at"]);
        json.GetProperty("disabled").GetBoolean().ShouldBeFalse();
        json.GetProperty("at").GetDateTimeOffset().ShouldBe(At);

        // Each change is its own occurrence; the same change reported twice is one.
        var updated = OperationalEvent.EndpointUpdated(Endpoint);
        updated.EventId.ShouldBe($"op_endpoint.updated_ep_1_{At.AddMinutes(5).ToUnixTimeMilliseconds()}");
        OperationalEvent.EndpointUpdated(Endpoint).EventId.ShouldBe(updated.EventId);
        OperationalEvent.EndpointUpdated(Endpoint with { UpdatedAt = At.AddMinutes(6) }).EventId.ShouldNotBe(updated.EventId);

        OperationalEvent.EndpointDeleted(Endpoint, At).EventId.ShouldBe("op_endpoint.deleted_ep_1");
    }

    [Fact]
    public void DisabledEvent_SaysWhyAndByWhat()
    {
        var json = Parse(OperationalEvent.EndpointDisabled(Endpoint, "410 Gone", DisableCauses.Gone, At));
        Names(json).ShouldBe(["type", "app_id", "endpoint_id", "url", "reason", "cause", "at"]);
        json.GetProperty("type").GetString().ShouldBe("endpoint.disabled");
        json.GetProperty("reason").GetString().ShouldBe("410 Gone");
        json.GetProperty("cause").GetString().ShouldBe("gone");
    }

    [Fact]
    public void CircuitEvent_WithTheEndpointFilledIn_NamesTheNodeAndNextProbe()
    {
        var e = OperationalEvent.CircuitOpened("ep_1", "5 consecutive failures", "node-a", At, At.AddSeconds(30)) with { AppId = "app_1", Url = "https://example.com/hooks" };
        var json = Parse(e);
        Names(json).ShouldBe(["type", "app_id", "endpoint_id", "url", "reason", "node", "next_probe_at", "at"]);
        json.GetProperty("type").GetString().ShouldBe("endpoint.circuit_opened");
        json.GetProperty("node").GetString().ShouldBe("node-a");
        json.GetProperty("next_probe_at").GetDateTimeOffset().ShouldBe(At.AddSeconds(30));
    }
}
