using System.Collections.Concurrent;

namespace Hookline.Core.Routing;

/// <summary>
/// Parsed filters by their stored JSON, so each endpoint configuration is parsed once, not once per
/// message. Keyed by content, so an edited filter is a new entry and never a stale one.
/// </summary>
public sealed class FilterCache
{
    /// <summary>Past this many distinct filters the cache starts over, which bounds its memory.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, FilterNode> _parsed = new(StringComparer.Ordinal);

    public FilterNode Get(string json)
    {
        if (_parsed.TryGetValue(json, out var node))
        {
            return node;
        }
        if (_parsed.Count >= MaxEntries)
        {
            _parsed.Clear();
        }
        return _parsed.GetOrAdd(json, FilterParser.ParseStored);
    }
}
