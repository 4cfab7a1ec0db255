namespace Hookline.Core.EventTypes;

/// <summary>A named kind of event (e.g. <c>invoice.paid</c>), optionally with a JSON schema.</summary>
public sealed record EventType
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Raw JSON of the schema, when one is set.</summary>
    public string? Schema { get; init; }
    public bool Archived { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
