using System.Text.Json;
using Hookline.Core.Templates;
using Hookline.Server.Api;

namespace Hookline.Server.Admin;

/// <summary>
/// The template form. It becomes the API's own <see cref="TemplateRequest"/>, judged by <see cref="TemplateRules"/>
/// and stored by <see cref="TemplateService"/> as for the API. The body is Liquid text, or a JSON document whose
/// strings are Liquid; the form says which rather than guessing from the text.
/// </summary>
public sealed class TemplateForm
{
    public const string TextBody = "text";
    public const string JsonBody = "json";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? EventTypes { get; set; }
    public string? BodyKind { get; set; }
    public string? Body { get; set; }
    public string? Headers { get; set; }
    public string? ContentType { get; set; }

    public static TemplateForm From(string name, string? description, IReadOnlyList<string> eventTypes, TemplateContent content)
    {
        using var body = JsonDocument.Parse(content.Body);
        var isText = body.RootElement.ValueKind == JsonValueKind.String;
        return new TemplateForm
        {
            Name = name,
            Description = description,
            EventTypes = string.Join(", ", eventTypes),
            BodyKind = isText ? TextBody : JsonBody,
            Body = isText ? body.RootElement.GetString() : Ui.Pretty(content.Body),
            Headers = string.Join("\n", content.Headers.Select(h => $"{h.Key}: {h.Value}")),
            ContentType = content.ContentType,
        };
    }

    public TemplateRequest ToRequest(Validator v) => new()
    {
        Name = Text(Name),
        Description = Text(Description),
        EventTypes = Text(EventTypes) is { } t ? t.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList() : null,
        Body = BodyElement(v),
        Headers = HeaderPairs(v),
        ContentType = Text(ContentType),
    };

    private JsonElement? BodyElement(Validator v)
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            return null;
        }
        if (BodyKind != JsonBody)
        {
            return JsonSerializer.SerializeToElement(Body.ReplaceLineEndings("\n"));
        }
        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            v.Add("body", "is not valid JSON: " + e.Message.Split('.')[0] + "; choose \"Liquid text\" for a body that is not JSON");
            return null;
        }
    }

    private Dictionary<string, string>? HeaderPairs(Validator v)
    {
        if (Text(Headers) is not { } t)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in t.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = line.IndexOf(':', StringComparison.Ordinal);
            if (at <= 0)
            {
                v.Add("headers", $"write one per line as Name: template ('{line}' has no ':')");
                continue;
            }
            result[line[..at].Trim()] = line[(at + 1)..].Trim();
        }
        return result;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
