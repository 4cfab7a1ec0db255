using System.Text.Json;
using Hookline.Core.Templates;

namespace Hookline.Server.Api;

/// <summary>Body of template create (name and body required) and PATCH (only the fields sent change; every PATCH is a new version).</summary>
public sealed record TemplateRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public List<string>? EventTypes { get; init; }
    /// <summary>Liquid text (a JSON string), or any other JSON value whose strings are Liquid.</summary>
    public JsonElement? Body { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public string? ContentType { get; init; }
}

public sealed record TemplateResponse(
    string Id, string AppId, string Name, string? Description, IReadOnlyList<string> EventTypes, int Version,
    JsonElement Body, IReadOnlyDictionary<string, string> Headers, string ContentType, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateResponse From(Template t) => new(
        t.Id, t.AppId, t.Name, t.Description, t.EventTypes, t.Version, Json(t.Content.Body), t.Content.Headers, t.Content.ContentType, t.CreatedAt, t.UpdatedAt);

    internal static JsonElement Json(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        return document.RootElement.Clone();
    }
}

public sealed record TemplateVersionResponse(
    string TemplateId, int Version, string Name, string? Description, IReadOnlyList<string> EventTypes,
    JsonElement Body, IReadOnlyDictionary<string, string> Headers, string ContentType, int? SourceVersion, DateTimeOffset CreatedAt)
{
    public static TemplateVersionResponse From(TemplateVersion v) => new(
        v.TemplateId, v.Version, v.Name, v.Description, v.EventTypes, TemplateResponse.Json(v.Content.Body), v.Content.Headers, v.Content.ContentType, v.SourceVersion, v.CreatedAt);
}

public sealed record TemplateRollbackRequest(int? Version);

/// <summary>
/// A sample event to render: <c>event_type</c> and <c>payload</c>. On <c>POST …/templates/test</c> (no stored
/// template) the draft's <c>body</c>, <c>headers</c> and <c>content_type</c> come along too.
/// </summary>
public sealed record TemplateTestRequest
{
    public string? EventType { get; init; }
    public JsonElement? Payload { get; init; }
    public JsonElement? Body { get; init; }
    public Dictionary<string, string>? Headers { get; init; }
    public string? ContentType { get; init; }
}

/// <summary>What an endpoint would receive: the body exactly as it would be sent (and signed), its headers and content type.</summary>
public sealed record TemplateTestResponse(string Body, IReadOnlyDictionary<string, string> Headers, string ContentType);
