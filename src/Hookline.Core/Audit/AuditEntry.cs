namespace Hookline.Core.Audit;

/// <summary>One change made through the API. <see cref="Fields"/> names what changed, never a value.</summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }
    /// <summary>The API key that made the change.</summary>
    public required string Actor { get; init; }
    public string? AppId { get; init; }
    /// <summary><c>{target_type}.{verb}</c>, e.g. <c>endpoint.updated</c>.</summary>
    public required string Action { get; init; }
    public required string TargetType { get; init; }
    public string? TargetId { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required int StatusCode { get; init; }
    public IReadOnlyList<string> Fields { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record AuditQuery(string? Actor = null, string? TargetId = null, string? AppId = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
