namespace Hookline.Core.Routing;

/// <summary>Bounds that keep one endpoint's filter from costing the publish path more than a few microseconds.</summary>
public static class FilterLimits
{
    /// <summary>Most nesting of <c>all</c>/<c>any</c>/<c>not</c> groups.</summary>
    public const int MaxDepth = 16;

    /// <summary>Most conditions in one filter, all groups together.</summary>
    public const int MaxConditions = 200;

    /// <summary>Most entries in one <c>all</c> or <c>any</c> group, and in the value list of <c>in</c>/<c>not_in</c>.</summary>
    public const int MaxListLength = 100;

    /// <summary>Longest <c>field_path</c>.</summary>
    public const int MaxPathLength = 512;

    /// <summary>Longest string value, regex pattern included.</summary>
    public const int MaxValueLength = 1024;

    /// <summary>
    /// How long one regex match may run before it counts as no match. Patterns run on the linear-time
    /// engine, so this only guards against a loaded machine or a huge field; the first match of a pattern
    /// also builds its automaton, which is why it is not tighter.
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
}
