using Hookline.Core.Channels;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Operations;

namespace Hookline.Core.Tests.Channels;

/// <summary>The project notification payloads as their integration guide documents them, and unicode-heavy variants.</summary>
internal static class ChannelSamples
{
    public static readonly DateTimeOffset At = new(2024, 1, 15, 10, 31, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, string> SeedPayloads = new Dictionary<string, string>
    {
        ["task_completed"] = """
            {"task_id":123,"task_title":"Implement user authentication","task_description":"Add login and signup functionality","user_name":"john_doe","user_id":1,"project_name":"Web App Project","project_id":1,"points":25,"completed_at":"2024-01-15T10:30:00Z"}
            """,
        ["badge_earned"] = """
            {"badge_id":5,"badge_name":"Task Master","badge_description":"Complete 10 tasks in a single day","user_name":"john_doe","user_id":1,"earned_at":"2024-01-15T10:30:00Z"}
            """,
        ["project_created"] = """
            {"project_id":2,"project_name":"Mobile App Development","project_description":"Build a cross-platform mobile application","user_name":"jane_smith","user_id":2,"created_at":"2024-01-15T10:30:00Z"}
            """,
        ["milestone_reached"] = """
            {"milestone_name":"50% Project Completion","project_name":"Web App Project","project_id":1,"progress":50,"user_name":"project_manager","user_id":3}
            """,
        ["daily_streak"] = """
            {"user_name":"john_doe","user_id":1,"streak_days":7,"streak_type":"Daily task completion"}
            """,
    };

    public const string GenericPayload = """{"invoice":"1001","amount":4200,"currency":"EUR","paid":true,"lines":[{"sku":"A","qty":2}],"note":null}""";

    /// <summary>Emoji with skin tones and ZWJ families, flags, Arabic and Hebrew text, combining marks.</summary>
    public const string UnicodeHeavy = "👩‍👩‍👧‍👦 🇩🇪 👍🏽 مرحبا بالعالم שלום עולם e\u0301 ";

    public static Message Message(string eventType, string payload) => new()
    {
        Id = "msg_2Zk3example",
        AppId = "app_1",
        EventType = eventType,
        Payload = payload,
        CreatedAt = At,
    };

    public static Endpoint Endpoint(string kind, NotificationOptions? options = null) => new()
    {
        Id = "ep_1",
        AppId = "app_1",
        Url = "https://example.com/hooks",
        Kind = kind,
        Notification = options,
        CreatedAt = At,
        UpdatedAt = At,
    };

    public static Message Disabled() => Message(OperationalEventTypes.EndpointDisabled, OperationalEventJson.Serialize(
        OperationalEvent.EndpointDisabled(Endpoint(EndpointKinds.Discord) with
        {
            Url = "https://discord.com/api/webhooks/123/secret-token",
        }, "410 Gone", DisableCauses.Gone, At)));

    /// <summary>A payload of the given type whose text values are all <paramref name="text"/>.</summary>
    public static Message Overlong(string eventType, string text)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(text);
        return Message(eventType, $$"""
            {"task_title":{{quoted}},"task_description":{{quoted}},"user_name":{{quoted}},"project_name":{{quoted}},"points":25,"badge_name":{{quoted}},"badge_description":{{quoted}},"milestone_name":{{quoted}},"message":{{quoted}}}
            """);
    }

    /// <summary>A generic event with many long top-level values: more fields than any platform shows.</summary>
    public static Message ManyFields(int count, int valueLength)
    {
        var value = System.Text.Json.JsonSerializer.Serialize(new string('x', valueLength));
        var fields = string.Join(",", Enumerable.Range(1, count).Select(i => $"\"field_{i}_{new string('n', 300)}\":{value}"));
        return Message("order.shipped", "{\"description\":" + System.Text.Json.JsonSerializer.Serialize(new string('d', 10_000)) + "," + fields + "}");
    }
}
