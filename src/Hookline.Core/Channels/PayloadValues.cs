using System.Globalization;
using System.Text.Json;

namespace Hookline.Core.Channels;

/// <summary>
/// The top-level values of a message payload as display text. A payload that is not a JSON object
/// (or not JSON at all) reads as empty rather than failing: a chat message is still sent.
/// </summary>
public sealed class PayloadValues
{
    private readonly List<(string Name, JsonElement Value)> _values = [];

    private PayloadValues()
    {
    }

    public static PayloadValues Parse(string payload)
    {
        var values = new PayloadValues();
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values._values.Add((TextCut.Sanitize(property.Name), property.Value.Clone()));
                }
            }
        }
        catch (JsonException)
        {
        }
        return values;
    }

    /// <summary>Every top-level value in payload order, nulls and empty strings left out.</summary>
    public IEnumerable<(string Name, string Text)> All() =>
        _values.Select(v => (v.Name, Text: Display(v.Value))).Where(v => v.Text is { Length: > 0 }).Select(v => (v.Name, v.Text!));

    /// <summary>The value as text: strings as they are, numbers and booleans as written, objects and arrays as compact JSON; null when absent, null or blank.</summary>
    public string? Text(string name)
    {
        foreach (var (n, v) in _values)
        {
            if (n == name)
            {
                return Display(v);
            }
        }
        return null;
    }

    /// <summary>The value as a time, when it is an ISO 8601 string.</summary>
    public DateTimeOffset? Time(string name) =>
        Text(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string? Display(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => ReadString(value),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : TextCut.Sanitize(text.Trim());
    }

    private static string ReadString(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate cannot become a .NET string through the reader; show the raw text instead.
            return value.GetRawText().Trim('"');
        }
    }
}
