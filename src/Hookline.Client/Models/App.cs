namespace Hookline.Client.Models;

/// <param name="Environment">development, staging or production; null when not set.</param>
public sealed record App(string Id, string? Uid, string Name, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? Environment = null);

public sealed record AppCreate(string Name, string? Uid = null, IReadOnlyDictionary<string, string>? Metadata = null, string? Environment = null);

/// <summary>Fields to change; null ones stay as they are.</summary>
public sealed record AppPatch(string? Name = null, string? Uid = null, IReadOnlyDictionary<string, string>? Metadata = null, string? Environment = null);
