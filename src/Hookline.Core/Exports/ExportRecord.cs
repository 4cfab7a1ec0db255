namespace Hookline.Core.Exports;

/// <summary>One export as its audit trail keeps it: who asked for what, and exactly what was sent.</summary>
public sealed record ExportRecord
{
    public required string Id { get; init; }
    /// <summary>The API key that downloaded it.</summary>
    public required string KeyId { get; init; }
    public required string AppId { get; init; }
    /// <summary>One of <see cref="ExportResources"/>.</summary>
    public required string Resource { get; init; }
    /// <summary>One of <see cref="ExportFormats"/>.</summary>
    public required string Format { get; init; }
    /// <summary>The list filters the export was made with, by query parameter name.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();
    /// <summary>One of <see cref="ExportStatuses"/>.</summary>
    public string Status { get; init; } = ExportStatuses.Streaming;
    public long Rows { get; init; }
    public long Bytes { get; init; }
    /// <summary>Lowercase hex SHA-256 of exactly the bytes sent; set when the export completed.</summary>
    public string? Sha256 { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

public static class ExportResources
{
    public const string Messages = "messages";
    public const string Deliveries = "deliveries";
}

public static class ExportFormats
{
    public const string Csv = "csv";
    /// <summary>A JSON array, streamed element by element.</summary>
    public const string Json = "json";
}

public static class ExportStatuses
{
    public const string Streaming = "streaming";
    public const string Completed = "completed";
    /// <summary>The client went away or the store failed mid-way: rows and bytes say how far it got.</summary>
    public const string Aborted = "aborted";
}
