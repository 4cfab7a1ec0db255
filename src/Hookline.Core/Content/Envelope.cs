using System.Globalization;
using System.Text;
using System.Text.Json;
using Hookline.Core.Messages;

namespace Hookline.Core.Content;

/// <summary>The body shapes of the endpoint field <c>envelope</c>: how a message is wrapped when nothing renders it otherwise.</summary>
public static class EnvelopeKinds
{
    /// <summary><c>{"id","type","timestamp","data"}</c> (the default).</summary>
    public const string Standard = "standard";
    /// <summary><c>{"event","timestamp","data"}</c>, as receivers that read <c>body.event</c> and <c>body.data</c> expect.</summary>
    public const string Event = "event";
    /// <summary><c>{"event_type","event_id","timestamp","data","metadata"}</c>.</summary>
    public const string EventType = "event_type";
    /// <summary>The payload alone.</summary>
    public const string Data = "data";
    public static readonly IReadOnlyList<string> All = [Standard, Event, EventType, Data];
}

/// <summary>Writes a message in one of the <see cref="EnvelopeKinds"/>, the payload copied byte for byte.</summary>
public static class Envelope
{
    public static byte[] Write(Message message, string kind = EnvelopeKinds.Standard)
    {
        var payload = Encoding.UTF8.GetBytes(message.Payload);
        if (kind == EnvelopeKinds.Data)
        {
            return payload;
        }
        using var buffer = new MemoryStream(payload.Length + 192);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (kind)
            {
                case EnvelopeKinds.Event:
                    writer.WriteString("event", message.EventType);
                    writer.WriteString("timestamp", Timestamp(message));
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(payload, skipInputValidation: true);
                    break;
                case EnvelopeKinds.EventType:
                    writer.WriteString("event_type", message.EventType);
                    writer.WriteString("event_id", message.EventId ?? message.Id);
                    writer.WriteString("timestamp", Timestamp(message));
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(payload, skipInputValidation: true);
                    writer.WriteStartObject("metadata");
                    writer.WriteString("message_id", message.Id);
                    writer.WriteString("app_id", message.AppId);
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteString("id", message.Id);
                    writer.WriteString("type", message.EventType);
                    writer.WriteString("timestamp", Timestamp(message));
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(payload, skipInputValidation: true);
                    break;
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>ISO 8601 UTC with milliseconds: the message's creation time.</summary>
    public static string Timestamp(Message message) =>
        message.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
