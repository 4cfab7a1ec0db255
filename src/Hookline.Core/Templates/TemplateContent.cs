using System.Text.Json;

namespace Hookline.Core.Templates;

/// <summary>
/// The part of a template that renders and is versioned: <see cref="Body"/> is the raw JSON of the
/// body as given: a JSON string is Liquid text, any other JSON value is a document whose strings are
/// Liquid (seed 002's form).
/// </summary>
public sealed record TemplateContent
{
    public const string DefaultContentType = "application/json";

    public required string Body { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string ContentType { get; init; } = DefaultContentType;

    /// <summary>Content from a body given as JSON.</summary>
    public static TemplateContent FromJson(JsonElement body, IReadOnlyDictionary<string, string>? headers = null, string? contentType = null) => new()
    {
        Body = body.GetRawText(),
        Headers = headers ?? new Dictionary<string, string>(),
        ContentType = contentType ?? DefaultContentType,
    };
}
