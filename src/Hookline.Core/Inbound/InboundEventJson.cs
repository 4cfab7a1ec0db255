using System.Text.Encodings.Web;
using System.Text.Json;
using Hookline.Core.Inbound.Mapping;

namespace Hookline.Core.Inbound;

/// <summary>The normalized event as JSON: the payload of its message, the same shape the events API answers with.</summary>
public static class InboundEventJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(InboundEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("source_id", e.SourceId);
            if (e.CustomerId is null)
            {
                w.WriteNull("customer_id");
            }
            else
            {
                w.WriteString("customer_id", e.CustomerId);
            }
            w.WriteString("event_type", e.EventType);
            w.WriteString("timestamp", TimestampReader.Format(e.Timestamp));
            w.WritePropertyName("value");
            if (e.Value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteRawValue(e.Value, skipInputValidation: true);
            }
            w.WritePropertyName("metadata");
            w.WriteRawValue(e.Metadata, skipInputValidation: true);
            w.WriteString("received_at", TimestampReader.Format(e.ReceivedAt));
            w.WriteString("message_id", e.MessageId);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
