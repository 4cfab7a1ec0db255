namespace Hookline.Core.Templates;

/// <summary>A named, versioned template of an app (<c>tpl_…</c>), as of its current version.</summary>
public sealed record Template
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Event types the template applies to; empty means all.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    public required int Version { get; init; }
    public required TemplateContent Content { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public bool AppliesTo(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>One version of a template, kept for ever: every change adds one.</summary>
public sealed record TemplateVersion
{
    public required string TemplateId { get; init; }
    public required int Version { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    public required TemplateContent Content { get; init; }
    /// <summary>For a rollback, the version whose content it restored.</summary>
    public int? SourceVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
