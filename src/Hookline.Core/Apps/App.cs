namespace Hookline.Core.Apps;

public static class AppEnvironments
{
    public const string Development = "development";
    public const string Staging = "staging";
    public const string Production = "production";
    public static readonly IReadOnlyList<string> All = [Development, Staging, Production];
}

/// <summary>A tenant: the application whose events are published and whose endpoints receive them.</summary>
public sealed record App
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Uid { get; init; }
    /// <summary>One of <see cref="AppEnvironments.All"/>, or null when the app doesn't say.</summary>
    public string? Environment { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
