using System.Globalization;
using System.Text.Json.Nodes;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Channels;

/// <summary>
/// A Discord webhook message: one embed (title with the emoji, colour, description, inline fields,
/// timestamp, footer) within every limit Discord documents, cut with "…" rather than refused.
/// Mentions in the text never ping: only the endpoint's <c>mention</c> option does.
/// </summary>
public sealed class DiscordRenderer : IChannelRenderer
{
    public const int MaxContent = 2000;
    public const int MaxTitle = 256;
    public const int MaxDescription = 4096;
    public const int MaxFields = 25;
    public const int MaxFieldName = 256;
    public const int MaxFieldValue = 1024;
    public const int MaxFooter = 2048;
    /// <summary>Title, description, field names and values and the footer together.</summary>
    public const int MaxEmbedTotal = 6000;
    /// <summary>A description cut for the 6000 total keeps at least this much before fields are dropped.</summary>
    private const int KeptDescription = 1024;

    public string Kind => EndpointKinds.Discord;

    public ValueTask<RenderedContent> RenderAsync(RenderContext context, CancellationToken ct) =>
        ValueTask.FromResult(RenderedContent.JsonBody(Render(context.Message, context.Endpoint)));

    public byte[] Render(Message message, Endpoint endpoint)
    {
        var options = endpoint.Notification ?? NotificationOptions.None;
        return ChannelJson.Write(Build(PresentationCatalog.For(message, options), options));
    }

    public static JsonObject Build(Presentation p, NotificationOptions options)
    {
        var title = TextCut.Cut(p.Heading, MaxTitle);
        var footer = TextCut.Cut(p.Footer, MaxFooter);
        var fields = p.Fields.Take(MaxFields)
            .Select(f => (Name: TextCut.Cut(NonEmpty(f.Name), MaxFieldName), Value: TextCut.Cut(NonEmpty(f.Value), MaxFieldValue), f.Inline))
            .ToList();
        var description = p.Description is null ? null : TextCut.Cut(p.Description, MaxDescription);

        // Over the total: keep the fields while the text keeps a readable start, then cut the text to what is left.
        var fixedLength = title.Length + footer.Length;
        int FieldsLength() => fields.Sum(f => f.Name.Length + f.Value.Length);
        var kept = Math.Min(description?.Length ?? 0, KeptDescription);
        while (fields.Count > 0 && fixedLength + FieldsLength() + kept > MaxEmbedTotal)
        {
            fields.RemoveAt(fields.Count - 1);
        }
        var room = MaxEmbedTotal - fixedLength - FieldsLength();
        if (description is not null && description.Length > room)
        {
            description = room > 0 ? TextCut.Cut(description, room) : null;
        }

        var embed = new JsonObject { ["title"] = title };
        if (description is not null)
        {
            embed["description"] = description;
        }
        embed["color"] = p.Color;
        if (fields.Count > 0)
        {
            embed["fields"] = new JsonArray(fields.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["value"] = f.Value,
                ["inline"] = f.Inline,
            }).ToArray());
        }
        embed["timestamp"] = p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        embed["footer"] = new JsonObject { ["text"] = footer };

        var body = new JsonObject();
        if (!string.IsNullOrWhiteSpace(options.Username))
        {
            body["username"] = TextCut.Cut(options.Username.Trim(), NotificationLimits.Username);
        }
        if (!string.IsNullOrWhiteSpace(options.AvatarUrl))
        {
            body["avatar_url"] = options.AvatarUrl;
        }
        if (!string.IsNullOrWhiteSpace(options.Mention))
        {
            body["content"] = TextCut.Cut(options.Mention.Trim(), MaxContent);
        }
        body["embeds"] = new JsonArray(embed);
        // Only the configured mention may ping; "@everyone" inside an event's text stays text.
        body["allowed_mentions"] = new JsonObject
        {
            ["parse"] = string.IsNullOrWhiteSpace(options.Mention) ? new JsonArray() : new JsonArray("users", "roles", "everyone"),
        };
        return body;
    }

    /// <summary>Discord refuses an empty field name or value.</summary>
    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "—" : text;
}
