namespace Hookline.Core.Apps;

/// <summary>A tenant: the application whose events are published and whose endpoints receive them.</summary>
public sealed record App
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Uid { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
