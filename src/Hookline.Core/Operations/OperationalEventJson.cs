using System.Text;
using System.Text.Json;

namespace Hookline.Core.Operations;

/// <summary>
/// The payload of an operational event's message: a flat JSON object with <c>type</c>,
/// <c>app_id</c>, <c>endpoint_id</c>, <c>url</c>, <c>at</c> and the fields of its kind. Written by
/// hand so the field names and their order are the documented contract, not a serializer setting.
/// </summary>
public static class OperationalEventJson
{
    public static string Serialize(OperationalEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", e.Type);
            w.WriteString("app_id", e.AppId);
            w.WriteString("endpoint_id", e.EndpointId);
            w.WriteString("url", e.Url);
            if (e.Disabled is { } disabled)
            {
                w.WriteBoolean("disabled", disabled);
            }
            WriteIfSet(w, "reason", e.Reason);
            WriteIfSet(w, "cause", e.Cause);
            WriteIfSet(w, "node", e.Node);
            if (e.NextProbeAt is { } probe)
            {
                w.WriteString("next_probe_at", probe);
            }
            if (e.Attempt is { } a)
            {
                w.WriteString("message_id", a.MessageId);
                w.WriteString("delivery_id", a.DeliveryId);
                w.WriteString("event_type", a.EventType);
                w.WriteNumber("attempt_count", a.AttemptCount);
                // Always present, null when not applicable, so a consumer reads one shape for all three kinds.
                if (a.LastStatusCode is { } code)
                {
                    w.WriteNumber("last_status_code", code);
                }
                else
                {
                    w.WriteNull("last_status_code");
                }
                w.WriteString("last_error_class", a.LastErrorClass);
                w.WriteString("last_error", a.LastError);
                if (a.NextAttemptAt is { } next)
                {
                    w.WriteString("next_attempt_at", next);
                }
            }
            if (e.Alert is { } alert)
            {
                w.WriteString("rule_id", alert.RuleId);
                w.WriteString("metric", alert.Metric);
                w.WriteNumber("threshold", alert.Threshold);
                w.WriteNumber("period_seconds", alert.PeriodSeconds);
                if (alert.Value is { } value)
                {
                    w.WriteNumber("value", value);
                }
                else
                {
                    w.WriteNull("value");
                }
            }
            w.WriteString("at", e.At);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
