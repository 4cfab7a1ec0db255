using System.Text.Json;

namespace Hookline.Core.Inbound;

/// <summary>
/// Where a sender's fields are found, in seed 000's names. Each field is a path into the body
/// (<c>data.items[0].sku</c>) or <c>header:Name</c> for a request header.
/// </summary>
public sealed record SourceMapping
{
    public string? CustomerIdField { get; init; }
    public string? EventTypeField { get; init; }
    /// <summary>A constant event type, for senders that send one kind of event.</summary>
    public string? EventType { get; init; }
    public string? TimestampField { get; init; }
    public string? ValueField { get; init; }
    /// <summary>Metadata entries by name, each read from its path.</summary>
    public IReadOnlyDictionary<string, string> MetadataFields { get; init; } = new Dictionary<string, string>();
    /// <summary>Constant metadata entries, added to every event.</summary>
    public IReadOnlyDictionary<string, JsonElement> Constants { get; init; } = new Dictionary<string, JsonElement>();
}
