using System.Globalization;
using System.Text;

namespace Hookline.Core.Channels;

/// <summary>
/// Cuts text to a platform's limit with a trailing "…". Lengths are UTF-16 code units, which is
/// never less than the code points or graphemes a platform may count, so a cut text fits every
/// way of counting. A cut falls between grapheme clusters: an emoji with its modifiers, a flag, or
/// a letter with its combining marks is kept whole or dropped whole, never split.
/// </summary>
public static class TextCut
{
    public const string Ellipsis = "…";

    public static string Cut(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return text;
        }
        var budget = max - Ellipsis.Length;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + ((string)elements.Current).Length;
            if (next > budget)
            {
                break;
            }
            end = next;
        }
        return text.AsSpan(0, end).TrimEnd().ToString() + Ellipsis;
    }

    /// <summary>
    /// Cuts <paramref name="text"/> so that its encoded form (<paramref name="encode"/>, e.g. Slack's
    /// entity escaping) fits <paramref name="max"/>; the cut is made before encoding, so no escape
    /// sequence is ever split.
    /// </summary>
    public static string CutEncoded(string text, int max, Func<string, string> encode)
    {
        var encoded = encode(text);
        var budget = Math.Min(max, text.Length);
        while (encoded.Length > max && budget > 1)
        {
            budget = Math.Max(1, budget - (encoded.Length - max));
            encoded = encode(Cut(text, budget));
        }
        return encoded.Length <= max ? encoded : Ellipsis;
    }

    /// <summary>Replaces unpaired surrogates (which JSON escapes can carry) with U+FFFD, so what is sent is valid Unicode.</summary>
    public static string Sanitize(string text)
    {
        StringBuilder? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : !char.IsLowSurrogate(c);
            if (paired && char.IsHighSurrogate(c))
            {
                fixedText?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!paired)
            {
                fixedText ??= new StringBuilder(text, 0, i, text.Length);
                fixedText.Append('\uFFFD');
                continue;
            }
            fixedText?.Append(c);
        }
        return fixedText?.ToString() ?? text;
    }
}
