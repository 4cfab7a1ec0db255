namespace Hookline.Client.Models;

public sealed record App(string Id, string? Uid, string Name, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record AppCreate(string Name, string? Uid = null, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>Fields to change; null ones stay as they are.</summary>
public sealed record AppPatch(string? Name = null, string? Uid = null, IReadOnlyDictionary<string, string>? Metadata = null);
