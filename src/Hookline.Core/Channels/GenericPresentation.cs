using System.Globalization;
using Hookline.Core.Messages;

namespace Hookline.Core.Channels;

/// <summary>
/// Any event type without a presentation of its own: the title is made from the type's name
/// (<c>invoice.paid</c> → "Invoice Paid"), a top-level <c>message</c>, <c>description</c>,
/// <c>text</c> or <c>summary</c> string is the text, and every other top-level value is a field.
/// </summary>
public static class GenericPresentation
{
    /// <summary>The type of the test event <c>POST …/endpoints/{ep}/test</c> sends when no other is given.</summary>
    public const string TestEventType = "hookline.test";

    private static readonly string[] TextNames = ["message", "description", "text", "summary"];

    /// <summary>Values up to this long sit side by side (Discord's inline fields).</summary>
    private const int InlineLength = 40;

    public static Presentation For(Message message, PayloadValues v, string footer)
    {
        var textName = TextNames.FirstOrDefault(n => v.Text(n) is not null);
        var test = message.EventType == TestEventType;
        var fields = v.All()
            .Where(p => p.Name != textName && !(test && p.Name == "test"))
            .Select(p => new PresentationField(Humanize(p.Name), p.Text, p.Text.Length <= InlineLength))
            .ToList();
        return new Presentation
        {
            Emoji = test ? "🧪" : "🔔",
            Title = test ? "Test notification" : Humanize(message.EventType, titleCase: true),
            Color = test ? 0x1ABC9C : 0x5865F2,
            Tone = Tone.Accent,
            Description = textName is null ? null : v.Text(textName),
            Fields = fields,
            Timestamp = message.CreatedAt,
            Footer = footer,
        };
    }

    /// <summary><c>project_name</c> → "Project name"; with <paramref name="titleCase"/>, <c>invoice.paid</c> → "Invoice Paid".</summary>
    public static string Humanize(string name, bool titleCase = false)
    {
        var words = name.Split(['.', '_', '-', ' ', '/', ':'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return name;
        }
        var shaped = words.Select((w, i) => i == 0 || titleCase ? Capitalize(w) : w);
        return string.Join(' ', shaped);
    }

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
