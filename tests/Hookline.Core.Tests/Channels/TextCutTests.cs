using System.Globalization;
using Hookline.Core.Channels;

namespace Hookline.Core.Tests.Channels;

public sealed class TextCutTests
{
    [Fact]
    public void Cut_WithTextWithinTheLimit_ReturnsItUnchanged()
    {
        TextCut.Cut("short", 5).ShouldBe("short");
    }

    [Fact]
    public void Cut_WithLongText_EndsWithEllipsisWithinTheLimit()
    {
        var cut = TextCut.Cut(new string('a', 10_000), 4096);

        cut.Length.ShouldBe(4096);
        cut.ShouldEndWith(TextCut.Ellipsis);
        cut[..^1].ShouldBe(new string('a', 4095));
    }

    [Theory]
    [InlineData("👩‍👩‍👧‍👦")] // a ZWJ family of four emoji
    [InlineData("🇩🇪")] // a flag: two regional indicators
    [InlineData("👍🏽")] // an emoji with a skin-tone modifier
    [InlineData("e\u0301")] // a letter with a combining accent
    [InlineData("😀")] // one surrogate pair
    public void Cut_AtAnyLimit_NeverSplitsAGrapheme(string grapheme)
    {
        var text = string.Concat(Enumerable.Repeat(grapheme + "x", 50));
        for (var max = 1; max < text.Length; max++)
        {
            var cut = TextCut.Cut(text, max);
            cut.Length.ShouldBeLessThanOrEqualTo(max);
            var kept = cut[..^1];
            text.ShouldStartWith(kept);
            // Whole graphemes only: the kept text's elements are all whole elements of the original.
            var elements = Elements(kept);
            elements.ShouldAllBe(e => e == grapheme || e == "x");
        }
    }

    [Fact]
    public void Cut_WithRightToLeftText_KeepsWholeLettersAndTheLogicalOrder()
    {
        var arabic = string.Concat(Enumerable.Repeat("مرحبا بالعالم ", 500));

        var cut = TextCut.Cut(arabic, 100);

        cut.Length.ShouldBeLessThanOrEqualTo(100);
        arabic.ShouldStartWith(cut[..^1]);
        cut.ShouldEndWith(TextCut.Ellipsis);
    }

    [Fact]
    public void CutEncoded_WithEscapedCharacters_FitsAfterEscapingAndNeverSplitsAnEntity()
    {
        var text = string.Concat(Enumerable.Repeat("a<b&c>", 1000));

        var cut = TextCut.CutEncoded(text, 3000, SlackRenderer.Escape);

        cut.Length.ShouldBeLessThanOrEqualTo(3000);
        cut.ShouldEndWith(TextCut.Ellipsis);
        // Unescaping the kept part gives a prefix of the original: no entity was cut in half.
        var unescaped = cut[..^1].Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
        text.ShouldStartWith(unescaped);
        unescaped.ShouldNotContain("&");
    }

    [Fact]
    public void Sanitize_WithLoneSurrogates_ReplacesThemAndKeepsPairs()
    {
        TextCut.Sanitize("a\uD800b😀\uDC00").ShouldBe("a\uFFFDb😀\uFFFD");
        TextCut.Sanitize("plain").ShouldBe("plain");
    }

    private static List<string> Elements(string text)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            list.Add((string)e.Current);
        }
        return list;
    }
}
