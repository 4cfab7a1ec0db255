using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hookline.Core.Channels;

/// <summary>
/// Writes a rendered chat message as compact UTF-8 JSON with only the escapes JSON requires, so
/// emoji and non-Latin text travel as themselves (a third of the bytes of <c>\uXXXX</c> pairs,
/// which matters under Teams' 28 KB cap) and stay readable in the attempt log.
/// </summary>
public static class ChannelJson
{
    public static byte[] Write(JsonNode node) => Encoding.UTF8.GetBytes(WriteString(node));

    /// <param name="indented">Two-space indentation, for files people read (golden files, docs).</param>
    public static string WriteString(JsonNode node, bool indented = false)
    {
        var text = new StringBuilder(1024);
        Append(text, node, indented ? 0 : -1);
        return text.ToString();
    }

    /// <param name="depth">Nesting depth when indenting; -1 writes compact JSON.</param>
    private static void Append(StringBuilder text, JsonNode? node, int depth)
    {
        var inner = depth < 0 ? -1 : depth + 1;
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    NewLine(text, inner);
                    AppendString(text, name);
                    text.Append(depth < 0 ? ":" : ": ");
                    Append(text, value, inner);
                }
                if (!first)
                {
                    NewLine(text, depth);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }
                    NewLine(text, inner);
                    Append(text, array[i], inner);
                }
                if (array.Count > 0)
                {
                    NewLine(text, depth);
                }
                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                AppendString(text, s);
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static void NewLine(StringBuilder text, int depth)
    {
        if (depth >= 0)
        {
            text.Append('\n').Append(' ', depth * 2);
        }
    }

    /// <summary>Escapes the quote, the backslash, control characters and unpaired surrogates; nothing else.</summary>
    private static void AppendString(StringBuilder text, string s)
    {
        text.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        text.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        text.Append("\\ufffd");
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        text.Append('"');
    }
}
