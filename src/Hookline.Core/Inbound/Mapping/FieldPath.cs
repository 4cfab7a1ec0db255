using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Hookline.Core.Inbound.Mapping;

/// <summary>
/// A place to read a value from: a dotted path into the body with array indexes
/// (<c>data.items[0].sku</c>), or <c>header:Name</c> for a request header.
/// </summary>
public sealed class FieldPath
{
    public const string HeaderPrefix = "header:";
    public const int MaxLength = 512;

    // Each step is a property name or an array index.
    private readonly IReadOnlyList<(string? Name, int Index)> _steps;

    private FieldPath(string text, string? header, IReadOnlyList<(string?, int)> steps)
    {
        Text = text;
        Header = header;
        _steps = steps;
    }

    public string Text { get; }
    public string? Header { get; }

    public override string ToString() => Text;

    public static FieldPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out FieldPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength || text.Any(char.IsControl))
        {
            error = $"must be a path of 1–{MaxLength} printable characters, such as data.items[0].sku or header:X-Event";
            return false;
        }
        if (text.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = text[HeaderPrefix.Length..];
            if (name.Length == 0 || !name.All(c => c > ' ' && c < 127 && c != ':'))
            {
                error = "a header path is 'header:' and a header name";
                return false;
            }
            path = new FieldPath(text, name, []);
            error = null;
            return true;
        }
        var steps = new List<(string?, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    error = $"'{text}' has a bad array index at character {i + 1}; write items[0]";
                    return false;
                }
                steps.Add((null, index));
                i = close + 1;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    if (i == text.Length)
                    {
                        error = $"'{text}' ends with a dot";
                        return false;
                    }
                }
                continue;
            }
            var end = i;
            while (end < text.Length && text[end] is not ('.' or '['))
            {
                end++;
            }
            if (end == i)
            {
                error = $"'{text}' has an empty name at character {i + 1}";
                return false;
            }
            steps.Add((text[i..end], 0));
            i = end;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i == text.Length)
                {
                    error = $"'{text}' ends with a dot";
                    return false;
                }
            }
        }
        path = new FieldPath(text, null, steps);
        error = null;
        return true;
    }

    /// <summary>The value at this path, or null when there is none (a JSON null counts as none).</summary>
    public JsonElement? Read(JsonElement body, InboundRequest? request)
    {
        if (Header is not null)
        {
            return request?.Header(Header) is { } value ? JsonSerializer.SerializeToElement(value) : null;
        }
        var current = body;
        foreach (var (name, index) in _steps)
        {
            if (name is not null)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            else if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
            {
                return null;
            }
            else
            {
                current = current[index];
            }
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }
}
