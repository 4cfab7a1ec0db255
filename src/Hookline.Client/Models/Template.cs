using System.Text.Json;

namespace Hookline.Client.Models;

/// <summary>A transformation template in its current version. <see cref="Body"/> is Liquid text (a JSON string) or a JSON value whose strings are Liquid.</summary>
public sealed record Template(
    string Id, string AppId, string Name, string? Description, IReadOnlyList<string> EventTypes, int Version,
    JsonElement Body, IReadOnlyDictionary<string, string> Headers, string ContentType, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="SourceVersion">The version a rollback copied, when this version is a rollback.</param>
public sealed record TemplateVersion(
    string TemplateId, int Version, string Name, string? Description, IReadOnlyList<string> EventTypes,
    JsonElement Body, IReadOnlyDictionary<string, string> Headers, string ContentType, int? SourceVersion, DateTimeOffset CreatedAt);

/// <summary>A template's fields to create it (name and body required) or to change (null ones stay; each change is a new version).</summary>
public sealed record TemplateOptions
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }
    /// <summary>Liquid text (a <see cref="string"/>), or any object or <see cref="JsonElement"/> whose strings are Liquid.</summary>
    public object? Body { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public string? ContentType { get; init; }
}

/// <summary>What an endpoint would receive: the body exactly as sent (and signed), its headers and content type.</summary>
public sealed record TemplateRendering(string Body, IReadOnlyDictionary<string, string> Headers, string ContentType);
