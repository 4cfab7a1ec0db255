using System.Text;
using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>The <c>test_message</c> of a test send: checked, and written into the test event's payload.</summary>
public static class TestMessageRules
{
    public const int MaxLength = 2000;
    public const string DefaultMessage = "Test event from Hookline";

    public static void Validate(Validator v, EndpointTestRequest? request)
    {
        if (request?.TestMessage is not { } message)
        {
            return;
        }
        v.Check(message.Trim().Length is >= 1 and <= MaxLength, "test_message", $"1 to {MaxLength} characters");
        v.Check(request.Payload is null or { ValueKind: JsonValueKind.Null }, "test_message", "give either payload or test_message, not both");
    }

    /// <summary><c>{"test": true, "message": …, "endpoint_id": …}</c>.</summary>
    public static string Payload(string? message, string endpointId)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("test", true);
            w.WriteString("message", message?.Trim() ?? DefaultMessage);
            w.WriteString("endpoint_id", endpointId);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
