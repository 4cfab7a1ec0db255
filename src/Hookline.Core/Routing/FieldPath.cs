using System.Globalization;
using System.Text.Json;

namespace Hookline.Core.Routing;

/// <summary>
/// A dotted path into the envelope: <c>data.lead.score</c>, with array indexes as <c>items[0]</c> or
/// <c>items.0</c>. The first segment is one of the envelope's fields.
/// </summary>
public sealed class FieldPath
{
    /// <summary>The envelope fields a path may start with; <c>event_type</c> and <c>event_id</c> are seed 002's names.</summary>
    public static readonly IReadOnlyList<string> Roots = ["id", "type", "event_type", "event_id", "timestamp", "data"];

    private FieldPath(string text, string root, IReadOnlyList<Segment> rest)
    {
        Text = text;
        Root = root;
        Rest = rest;
    }

    public string Text { get; }
    public string Root { get; }
    internal IReadOnlyList<Segment> Rest { get; }

    internal readonly record struct Segment(string? Name, int Index);

    public override string ToString() => Text;

    /// <summary>Parses a path; null with <paramref name="error"/> set when it is not one.</summary>
    public static FieldPath? TryParse(string text, out string? error)
    {
        error = null;
        if (text.Length is 0 or > FilterLimits.MaxPathLength)
        {
            error = $"must be 1–{FilterLimits.MaxPathLength} characters";
            return null;
        }
        var segments = new List<Segment>();
        foreach (var part in text.Split('.'))
        {
            var name = part;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var indexes = new List<int>();
            if (bracket >= 0)
            {
                name = part[..bracket];
                var tail = part[bracket..];
                while (tail.Length > 0)
                {
                    var close = tail.IndexOf(']', StringComparison.Ordinal);
                    if (tail[0] != '[' || close < 2 || !int.TryParse(tail.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        error = $"'{part}' is not a name with array indexes such as items[0]";
                        return null;
                    }
                    indexes.Add(index);
                    tail = tail[(close + 1)..];
                }
            }
            if (name.Length == 0 && (segments.Count == 0 || indexes.Count == 0))
            {
                error = "has an empty segment";
                return null;
            }
            if (name.Length > 0)
            {
                segments.Add(new Segment(name, -1));
            }
            segments.AddRange(indexes.Select(i => new Segment(null, i)));
        }
        var root = segments[0].Name!;
        if (!Roots.Contains(root, StringComparer.Ordinal))
        {
            error = $"must start with one of the envelope's fields: {string.Join(", ", Roots)} (the payload is under data, e.g. data.lead.score)";
            return null;
        }
        if (root != "data" && segments.Count > 1)
        {
            error = $"'{root}' is a plain value; only data has fields below it";
            return null;
        }
        return new FieldPath(text, root, segments.Skip(1).ToList());
    }

    /// <summary>Walks <paramref name="data"/> along the segments after <c>data</c>; false when a step is missing.</summary>
    internal bool TryResolve(JsonElement data, out JsonElement value)
    {
        value = data;
        foreach (var segment in Rest)
        {
            if (segment.Name is { } name)
            {
                if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var child))
                {
                    value = child;
                    continue;
                }
                // items.0 means the same as items[0].
                if (value.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var asIndex) && asIndex < value.GetArrayLength())
                {
                    value = value[asIndex];
                    continue;
                }
                return false;
            }
            if (value.ValueKind != JsonValueKind.Array || segment.Index >= value.GetArrayLength())
            {
                return false;
            }
            value = value[segment.Index];
        }
        return true;
    }
}
