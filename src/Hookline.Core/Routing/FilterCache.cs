using System.Collections.Concurrent;
using System.Text.Json;

namespace Hookline.Core.Routing;

/// <summary>
/// Parsed filters by their stored JSON, so each endpoint configuration is parsed once, not once per
/// message. Keyed by content, so an edited filter is a new entry and never a stale one.
/// </summary>
public sealed class FilterCache
{
    /// <summary>Past this many distinct filters the cache starts over, which bounds its memory.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, FilterNode?> _parsed = new(StringComparer.Ordinal);

    /// <summary>The parsed filter; null when the stored JSON is not a valid filter (it was stored before filters were checked).</summary>
    public FilterNode? Get(string json)
    {
        if (_parsed.TryGetValue(json, out var node))
        {
            return node;
        }
        if (_parsed.Count >= MaxEntries)
        {
            _parsed.Clear();
        }
        return _parsed.GetOrAdd(json, TryParse);
    }

    private static FilterNode? TryParse(string json)
    {
        try
        {
            return FilterParser.ParseStored(json);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            return null;
        }
    }
}
