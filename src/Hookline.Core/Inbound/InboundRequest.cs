using System.Net;

namespace Hookline.Core.Inbound;

/// <summary>
/// One request as any transport hands it to <see cref="InboundIntake"/>: the raw body bytes (what
/// signatures cover), the headers, and the sender's address. HTTP builds it now; a Kafka consumer
/// would build it from a record's value and headers.
/// </summary>
public sealed record InboundRequest
{
    public required ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>Header values by name, case-insensitive; repeated headers joined by <c>,</c>.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public string? ContentType { get; init; }
    public IPAddress? RemoteAddress { get; init; }
    public string Method { get; init; } = "POST";
    public string Path { get; init; } = "/in";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static IReadOnlyDictionary<string, string> HeaderMap(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map[name] = map.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }
        return map;
    }
}
