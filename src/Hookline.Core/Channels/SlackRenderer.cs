using System.Globalization;
using System.Text.Json.Nodes;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Channels;

/// <summary>
/// A Slack incoming-webhook message in Block Kit: a <c>header</c>, a <c>section</c> with the text,
/// <c>section</c>s of up to ten <c>fields</c>, a <c>context</c> footer, and the <c>text</c> fallback
/// that notifications and old clients show, within Slack's limits. Payload text is escaped
/// (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>) so it can't forge links or mentions.
/// </summary>
public sealed class SlackRenderer : IChannelRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxHeader = 150;
    public const int MaxSectionText = 3000;
    public const int MaxFieldsPerSection = 10;
    public const int MaxFieldText = 2000;
    public const int MaxContextText = 2000;
    /// <summary>Slack accepts up to 40,000 characters of <c>text</c> but shows a notification's first few thousand; the fallback is a summary.</summary>
    public const int MaxFallbackText = 3000;

    public string Kind => EndpointKinds.Slack;

    public ValueTask<RenderedContent> RenderAsync(RenderContext context, CancellationToken ct) =>
        ValueTask.FromResult(RenderedContent.JsonBody(Render(context.Message, context.Endpoint)));

    public byte[] Render(Message message, Endpoint endpoint)
    {
        var options = endpoint.Notification ?? NotificationOptions.None;
        return ChannelJson.Write(Build(PresentationCatalog.For(message, options), options));
    }

    public static JsonObject Build(Presentation p, NotificationOptions options)
    {
        var mention = string.IsNullOrWhiteSpace(options.Mention) ? null : options.Mention.Trim();
        var blocks = new List<JsonNode>
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = TextCut.Cut(p.Heading, MaxHeader), ["emoji"] = true },
            },
        };
        var text = p.Description is null ? null : TextCut.CutEncoded(p.Description, MaxSectionText, Escape);
        if (mention is not null)
        {
            // The mention is written by the endpoint's owner in Slack's own syntax, so it is not escaped.
            text = text is null ? TextCut.Cut(mention, MaxSectionText) : TextCut.Cut(mention + " " + text, MaxSectionText);
        }
        if (text is not null)
        {
            blocks.Add(Section(text));
        }
        foreach (var chunk in p.Fields.Chunk(MaxFieldsPerSection))
        {
            // The header, the text and the context need three of the 50 blocks.
            if (blocks.Count >= MaxBlocks - 1)
            {
                break;
            }
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(chunk.Select(f => (JsonNode)Mrkdwn(Field(f))).ToArray()),
            });
        }
        var when = p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn(TextCut.CutEncoded(p.Footer + " · " + when, MaxContextText, Escape))),
        });

        var fallback = p.Heading + (p.Description is null ? "" : ": " + p.Description);
        var body = new JsonObject
        {
            ["text"] = (mention is null ? "" : mention + " ") + TextCut.CutEncoded(fallback, MaxFallbackText - (mention?.Length + 1 ?? 0), Escape),
        };
        if (!string.IsNullOrWhiteSpace(options.Username))
        {
            body["username"] = TextCut.Cut(options.Username.Trim(), NotificationLimits.Username);
        }
        if (!string.IsNullOrWhiteSpace(options.AvatarUrl))
        {
            body["icon_url"] = options.AvatarUrl;
        }
        body["blocks"] = new JsonArray(blocks.ToArray());
        return body;
    }

    /// <summary>The three characters Slack's mrkdwn reads as control characters.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>"*Name*\nvalue", the name bold; cut so the whole field fits.</summary>
    private static string Field(PresentationField f)
    {
        var name = TextCut.CutEncoded(f.Name, 200, Escape);
        return "*" + name + "*\n" + TextCut.CutEncoded(f.Value, MaxFieldText - name.Length - 3, Escape);
    }

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Mrkdwn(text) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
