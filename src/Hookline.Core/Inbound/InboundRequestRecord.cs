namespace Hookline.Core.Inbound;

/// <summary>One entry of a source's recent requests: what came in (headers without secrets) and what became of it.</summary>
public sealed record InboundRequestRecord
{
    public required string Id { get; init; }
    public required string SourceId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string Method { get; init; } = "POST";
    public string Path { get; init; } = "";
    public string? RemoteAddress { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The body as text, cut at the log limit.</summary>
    public string Body { get; init; } = "";
    public bool BodyTruncated { get; init; }
    public required int StatusCode { get; init; }
    public required string Outcome { get; init; }
    public string? Reason { get; init; }
    public string? EventId { get; init; }

    public const string IdPrefix = "req";
}
