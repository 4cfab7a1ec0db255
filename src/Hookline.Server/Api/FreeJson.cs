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
        var (depth, validText) = Inspect(element);
        v.Check(depth <= MaxDepth, field, $"nests deeper than {MaxDepth} levels");
        v.Check(validText, field, "contains text that is not valid Unicode (a lone surrogate escape)");
    }

    private static (int Depth, bool ValidText) Inspect(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var (depth, valid) = (0, true);
                    foreach (var property in element.EnumerateObject())
                    {
                        var (d, ok) = Inspect(property.Value);
                        (depth, valid) = (Math.Max(depth, d), valid && ok && IsName(property));
                    }
                    return (depth + 1, valid);
                }
            case JsonValueKind.Array:
                {
                    var (depth, valid) = (0, true);
                    foreach (var item in element.EnumerateArray())
                    {
                        var (d, ok) = Inspect(item);
                        (depth, valid) = (Math.Max(depth, d), valid && ok);
                    }
                    return (depth + 1, valid);
                }
            case JsonValueKind.String:
                return (0, IsText(element));
            default:
                return (0, true);
        }
    }

    private static bool IsName(JsonProperty property)
    {
        try
        {
            return IsText(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsText(JsonElement element)
    {
        try
        {
            return IsText(element.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false;
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
