using System.Globalization;
using System.Text.Json.Nodes;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Channels;

/// <summary>
/// A Microsoft Teams message. By default a message with one Adaptive Card 1.4 attachment, the
/// format the Teams Workflows webhook ("Post to a channel when a webhook request is received")
/// accepts; with <c>notification.teams_format: "message_card"</c> the legacy Office 365 connector
/// MessageCard. Either stays under Teams' 28 KB message cap: facts are dropped and the text is cut
/// until it fits.
/// </summary>
public sealed class TeamsRenderer : IChannelRenderer
{
    /// <summary>Teams refuses messages over 28 KB; the rest is left for the envelope Teams adds.</summary>
    public const int MaxBytes = 27 * 1024;
    public const int MaxTitle = 256;
    public const int MaxText = 4096;
    public const int MaxFactTitle = 256;
    public const int MaxFactValue = 1024;

    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string Kind => EndpointKinds.Teams;

    public ValueTask<RenderedContent> RenderAsync(RenderContext context, CancellationToken ct) =>
        ValueTask.FromResult(RenderedContent.JsonBody(Render(context.Message, context.Endpoint)));

    public byte[] Render(Message message, Endpoint endpoint)
    {
        var options = endpoint.Notification ?? NotificationOptions.None;
        return Render(PresentationCatalog.For(message, options), options);
    }

    public static byte[] Render(Presentation p, NotificationOptions options)
    {
        var legacy = options.TeamsFormat == TeamsFormats.MessageCard;
        var facts = p.Fields.Count;
        var textBudget = MaxText;
        while (true)
        {
            var shaped = p with { Fields = p.Fields.Take(facts).ToList() };
            var node = legacy ? BuildMessageCard(shaped, options, textBudget) : BuildAdaptiveCard(shaped, options, textBudget);
            var bytes = ChannelJson.Write(node);
            if (bytes.Length <= MaxBytes || (facts == 0 && textBudget <= 64))
            {
                return bytes;
            }
            if (facts > 0)
            {
                facts--;
            }
            else
            {
                textBudget /= 2;
            }
        }
    }

    public static JsonObject BuildAdaptiveCard(Presentation p, NotificationOptions options, int textBudget = MaxText)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "Container",
                ["style"] = ContainerStyle(p.Tone),
                ["bleed"] = true,
                ["items"] = new JsonArray(TextBlock(TextCut.Cut(p.Heading, MaxTitle), size: "Large", bold: true)),
            },
        };
        var content = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        var msteams = new JsonObject { ["width"] = "Full" };
        if (!string.IsNullOrWhiteSpace(options.Mention))
        {
            var mention = options.Mention.Trim();
            if (LooksLikeUser(mention))
            {
                // A real mention needs the <at> text and an entity naming the user.
                body.Add(TextBlock($"<at>{mention}</at>"));
                msteams["entities"] = new JsonArray(new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = $"<at>{mention}</at>",
                    ["mentioned"] = new JsonObject { ["id"] = mention, ["name"] = mention },
                });
            }
            else
            {
                body.Add(TextBlock(TextCut.Cut(mention, NotificationLimits.Mention)));
            }
        }
        if (p.Description is not null)
        {
            body.Add(TextBlock(TextCut.Cut(p.Description, textBudget)));
        }
        if (p.Fields.Count > 0)
        {
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(p.Fields.Select(f => (JsonNode)new JsonObject
                {
                    ["title"] = TextCut.Cut(f.Name, MaxFactTitle),
                    ["value"] = TextCut.Cut(f.Value, MaxFactValue),
                }).ToArray()),
            });
        }
        body.Add(TextBlock(TextCut.Cut(p.Footer + " · " + When(p), MaxTitle), size: "Small", subtle: true));
        content["msteams"] = msteams;
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = AdaptiveCardContentType,
                ["contentUrl"] = null,
                ["content"] = content,
            }),
        };
    }

    public static JsonObject BuildMessageCard(Presentation p, NotificationOptions options, int textBudget = MaxText)
    {
        var title = TextCut.Cut(p.Heading, MaxTitle);
        var section = new JsonObject
        {
            ["activityTitle"] = title,
            ["activitySubtitle"] = TextCut.Cut(p.Footer + " · " + When(p), MaxTitle),
        };
        if (!string.IsNullOrWhiteSpace(options.AvatarUrl))
        {
            section["activityImage"] = options.AvatarUrl;
        }
        var text = p.Description is null ? null : TextCut.Cut(p.Description, textBudget);
        if (!string.IsNullOrWhiteSpace(options.Mention))
        {
            text = options.Mention.Trim() + (text is null ? "" : " " + text);
        }
        if (text is not null)
        {
            section["text"] = text;
        }
        if (p.Fields.Count > 0)
        {
            section["facts"] = new JsonArray(p.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = TextCut.Cut(f.Name, MaxFactTitle),
                ["value"] = TextCut.Cut(f.Value, MaxFactValue),
            }).ToArray());
        }
        section["markdown"] = false;
        return new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "https://schema.org/extensions",
            ["summary"] = title,
            ["themeColor"] = p.ColorHex,
            ["sections"] = new JsonArray(section),
        };
    }

    private static JsonObject TextBlock(string text, string? size = null, bool bold = false, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }
        if (bold)
        {
            block["weight"] = "Bolder";
        }
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        return block;
    }

    private static string ContainerStyle(Tone tone) => tone switch
    {
        Tone.Good => "good",
        Tone.Warning => "warning",
        Tone.Attention => "attention",
        Tone.Accent => "accent",
        _ => "emphasis",
    };

    /// <summary>An e-mail-like user principal name: Teams can mention that user.</summary>
    private static bool LooksLikeUser(string mention) =>
        mention.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < mention.Length - 1 && !mention.Any(char.IsWhiteSpace) && !mention.Contains('<', StringComparison.Ordinal);

    private static string When(Presentation p) => p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
