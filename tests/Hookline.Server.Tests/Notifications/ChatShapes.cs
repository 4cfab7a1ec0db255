using System.Text.Json.Nodes;

namespace Hookline.Server.Tests.Notifications;

/// <summary>
/// The platforms' documented message shapes and limits, checked independently of the renderers:
/// what the fake platforms refuse, as the real ones would. Returns why a body is refused, or null.
/// </summary>
public static class ChatShapes
{
    public static string? Discord(JsonNode? body)
    {
        if (body is not JsonObject o)
        {
            return "not an object";
        }
        if (o["content"] is null && o["embeds"] is null)
        {
            return "Cannot send an empty message";
        }
        if (Str(o, "content") is { Length: > 2000 })
        {
            return "content over 2000";
        }
        if (Str(o, "username") is { } name && (name.Length is 0 or > 80))
        {
            return "username length";
        }
        if (o["embeds"] is not JsonArray embeds || embeds.Count is 0 or > 10)
        {
            return "embeds: 1 to 10";
        }
        var total = 0;
        foreach (var embed in embeds.OfType<JsonObject>())
        {
            var title = Str(embed, "title") ?? "";
            var description = Str(embed, "description") ?? "";
            var footer = embed["footer"] is JsonObject f ? Str(f, "text") ?? "" : "";
            if (title.Length > 256 || description.Length > 4096 || footer.Length > 2048)
            {
                return "embed title/description/footer over limit";
            }
            if (embed["color"] is JsonValue color && (color.GetValue<int>() is < 0 or > 0xFFFFFF))
            {
                return "color out of range";
            }
            if (embed["timestamp"] is JsonValue ts && !DateTimeOffset.TryParse(ts.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return "timestamp is not ISO 8601";
            }
            total += title.Length + description.Length + footer.Length;
            if (embed["fields"] is JsonArray fields)
            {
                if (fields.Count > 25)
                {
                    return "over 25 fields";
                }
                foreach (var field in fields.OfType<JsonObject>())
                {
                    var n = Str(field, "name") ?? "";
                    var v = Str(field, "value") ?? "";
                    if (n.Length is 0 or > 256 || v.Length is 0 or > 1024)
                    {
                        return "field name 1-256, value 1-1024";
                    }
                    total += n.Length + v.Length;
                }
            }
        }
        return total > 6000 ? "embeds over 6000 characters in all" : null;
    }

    public static string? AdaptiveCardMessage(JsonNode? body)
    {
        if (body is not JsonObject o || Str(o, "type") != "message" || o["attachments"] is not JsonArray { Count: >= 1 } attachments)
        {
            return "not a message with attachments";
        }
        foreach (var attachment in attachments.OfType<JsonObject>())
        {
            if (Str(attachment, "contentType") != "application/vnd.microsoft.card.adaptive" || attachment["content"] is not JsonObject card)
            {
                return "attachment is not an adaptive card";
            }
            if (Str(card, "type") != "AdaptiveCard" || Str(card, "version") is not ("1.0" or "1.1" or "1.2" or "1.3" or "1.4" or "1.5"))
            {
                return "card type or version";
            }
            if (card["body"] is not JsonArray { Count: > 0 } elements)
            {
                return "empty card body";
            }
            foreach (var element in elements.OfType<JsonObject>())
            {
                if (Str(element, "type") is not ("TextBlock" or "FactSet" or "Container" or "ColumnSet" or "Image"))
                {
                    return "unknown element " + Str(element, "type");
                }
            }
        }
        return System.Text.Encoding.UTF8.GetByteCount(body.ToJsonString()) > 28 * 1024 ? "over 28 KB" : null;
    }

    public static string? MessageCard(JsonNode? body) =>
        body is JsonObject o && Str(o, "@type") == "MessageCard" && (Str(o, "summary") is not null || Str(o, "text") is not null)
            ? null
            : "Summary or Text is required.";

    public static string? Slack(JsonNode? body)
    {
        if (body is not JsonObject o)
        {
            return "invalid_payload";
        }
        if (Str(o, "text") is null && o["blocks"] is null)
        {
            return "no_text";
        }
        if (o["blocks"] is not JsonArray blocks)
        {
            return null;
        }
        if (blocks.Count > 50)
        {
            return "invalid_blocks";
        }
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var type = Str(block, "type");
            var text = block["text"] is JsonObject t ? Str(t, "text") : null;
            var bad = type switch
            {
                "header" => text is null or { Length: 0 or > 150 } || Str((JsonObject)block["text"]!, "type") != "plain_text",
                "section" => (text is null && block["fields"] is null) || text is { Length: > 3000 }
                    || block["fields"] is JsonArray fields && (fields.Count > 10 || fields.OfType<JsonObject>().Any(f => Str(f, "text") is null or { Length: > 2000 })),
                "context" => block["elements"] is not JsonArray { Count: >= 1 and <= 10 },
                "divider" => false,
                _ => true,
            };
            if (bad)
            {
                return "invalid_blocks";
            }
        }
        return null;
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
