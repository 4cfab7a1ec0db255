using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>The <c>test_message</c> of a test send: the text of the test event's <c>message</c>.</summary>
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
}
