using Hookline.Core.Validation;

namespace Hookline.Core.Publishing;

/// <summary>The field rules of a message, shared by everything that names event types or channels.</summary>
public static class MessageRules
{
    public const int MaxEventTypeLength = 256;
    public const int MaxEventIdLength = 256;
    public const int MaxChannels = 10;
    public const int MaxChannelLength = 128;

    public static void EventTypeName(Validator v, string field, string? name) =>
        v.Check(name is { Length: > 0 and <= MaxEventTypeLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/'), field,
            $"1–{MaxEventTypeLength} characters of letters, digits, '.', '_', '-', ':' or '/'");

    public static void EventId(Validator v, string field, string? eventId) =>
        v.Check(eventId is null or { Length: > 0 and <= MaxEventIdLength } && (eventId?.All(c => !char.IsControl(c)) ?? true), field,
            $"1–{MaxEventIdLength} printable characters");

    public static void Channels(Validator v, string field, IReadOnlyList<string>? channels)
    {
        if (channels is null)
        {
            return;
        }
        v.Check(channels.Count <= MaxChannels, field, $"at most {MaxChannels} channels");
        v.Check(channels.All(c => c is { Length: > 0 and <= MaxChannelLength } && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' or ':')), field,
            $"each 1–{MaxChannelLength} characters of letters, digits, '.', '_', '-' or ':'");
    }
}
