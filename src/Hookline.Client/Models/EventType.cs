using System.Text.Json;

namespace Hookline.Client.Models;

public sealed record EventType(string Name, string? Description, JsonElement? Schema, bool Archived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record EventTypeCreate(string Name, string? Description = null, JsonElement? Schema = null);

/// <summary>Fields to change; null ones stay as they are.</summary>
public sealed record EventTypePatch(string? Description = null, JsonElement? Schema = null, bool? Archived = null);
