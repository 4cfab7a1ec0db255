using System.Text;
using System.Text.Json;
using Hookline.Core.Content;
using Hookline.Core.Messages;

namespace Hookline.Core.Tests.Content;

public class EnvelopeTests
{
    private static readonly Message Message = new()
    {
        Id = "msg_1",
        AppId = "app_1",
        EventType = "user.created",
        EventId = "evt-77",
        Payload = """{"user": {"id": 7, "name":"Zoë"}}""",
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
    };

    private static JsonElement Write(string kind) => JsonDocument.Parse(Envelope.Write(Message, kind)).RootElement;

    [Fact]
    public void Standard_HasIdTypeTimestampAndData_PayloadByteForByte()
    {
        var body = Encoding.UTF8.GetString(Envelope.Write(Message, EnvelopeKinds.Standard));
        body.ShouldBe("""{"id":"msg_1","type":"user.created","timestamp":"2026-01-02T03:04:05.678Z","data":""" + Message.Payload + "}");
    }

    [Fact]
    public void Event_IsWhatReceiversReadingEventAndDataExpect()
    {
        var e = Write(EnvelopeKinds.Event);
        e.GetProperty("event").GetString().ShouldBe("user.created");
        e.GetProperty("timestamp").GetString().ShouldBe("2026-01-02T03:04:05.678Z");
        e.GetProperty("data").GetProperty("user").GetProperty("id").GetInt32().ShouldBe(7);
        e.EnumerateObject().Select(p => p.Name).ShouldBe(["event", "timestamp", "data"]);
    }

    [Fact]
    public void EventType_CarriesTheEventIdAndMetadata()
    {
        var e = Write(EnvelopeKinds.EventType);
        e.GetProperty("event_type").GetString().ShouldBe("user.created");
        e.GetProperty("event_id").GetString().ShouldBe("evt-77");
        e.GetProperty("data").GetProperty("user").GetProperty("name").GetString().ShouldBe("Zoë");
        e.GetProperty("metadata").GetProperty("message_id").GetString().ShouldBe("msg_1");
    }

    [Fact]
    public void EventType_WithoutAnEventId_NamesTheMessage()
    {
        var body = Envelope.Write(Message with { EventId = null }, EnvelopeKinds.EventType);
        JsonDocument.Parse(body).RootElement.GetProperty("event_id").GetString().ShouldBe("msg_1");
    }

    [Fact]
    public void Data_IsThePayloadAlone()
    {
        Encoding.UTF8.GetString(Envelope.Write(Message, EnvelopeKinds.Data)).ShouldBe(Message.Payload);
    }
}
