using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>Rules for the free-form JSON fields of the API: <c>payload</c>, <c>filter</c>, <c>transformation</c> and <c>schema</c>.</summary>
public static class FreeJson
{
    /// <summary>
    /// Most levels of nesting in a free-form JSON field. Answers wrap such a field a few levels deep
    /// (list, item), and must stay within the serializer's depth limit (64).
    /// </summary>
    public const int MaxDepth = 48;

    /// <summary>
    /// A free-form JSON field must nest at most <see cref="MaxDepth"/> levels and hold only text that
    /// is valid UTF-16 (no lone surrogate escapes such as <c>"\ud800"</c>), or it could be stored but
    /// not served or sent again.
    /// </summary>
    public static void Check(Validator v, string field, JsonElement? value)
    {
        if (value is not { } element)
        {
            return;
        }
        var (depth, text) = Inspect(element);
        v.Check(depth <= MaxDepth, field, $"nests deeper than {MaxDepth} levels");
        v.Check(text != TextFault.InvalidUtf8, field, "contains bytes that are not valid UTF-8 (in a string or a property name)");
        v.Check(text != TextFault.LoneSurrogate, field, "contains text that is not valid Unicode (a lone surrogate escape such as \\ud800)");
    }

    private enum TextFault
    {
        None,
        LoneSurrogate,
        InvalidUtf8,
    }

    private static (int Depth, TextFault Text) Inspect(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var (depth, fault) = (0, TextFault.None);
                    foreach (var property in element.EnumerateObject())
                    {
                        var (d, f) = Inspect(property.Value);
                        (depth, fault) = (Math.Max(depth, d), Worst(Worst(fault, f), NameFault(property)));
                    }
                    return (depth + 1, fault);
                }
            case JsonValueKind.Array:
                {
                    var (depth, fault) = (0, TextFault.None);
                    foreach (var item in element.EnumerateArray())
                    {
                        var (d, f) = Inspect(item);
                        (depth, fault) = (Math.Max(depth, d), Worst(fault, f));
                    }
                    return (depth + 1, fault);
                }
            case JsonValueKind.String:
                return (0, StringFault(element));
            default:
                return (0, TextFault.None);
        }
    }

    private static TextFault Worst(TextFault a, TextFault b) => a > b ? a : b;

    // The reader accepts any bytes inside a string; only decoding it finds invalid UTF-8 ("Cannot transcode").
    private static TextFault NameFault(JsonProperty property)
    {
        try
        {
            return IsText(property.Name) ? TextFault.None : TextFault.LoneSurrogate;
        }
        catch (InvalidOperationException)
        {
            return TextFault.InvalidUtf8;
        }
    }

    private static TextFault StringFault(JsonElement element)
    {
        try
        {
            return IsText(element.GetString()!) ? TextFault.None : TextFault.LoneSurrogate;
        }
        catch (InvalidOperationException)
        {
            return TextFault.InvalidUtf8;
        }
    }

    /// <summary>False when the string holds a surrogate that is not part of a pair.</summary>
    public static bool IsText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
