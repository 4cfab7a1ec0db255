using Hookline.Core.Messages;
using Hookline.Core.Operations;

namespace Hookline.Core.Channels;

/// <summary>
/// Picks the presentation of a message by its event type: the built-in project events, Hookline's
/// operational events as alerts, and a generic presentation for every other type.
/// </summary>
public static class PresentationCatalog
{
    /// <summary>More facts than this make a chat message unreadable (and Discord refuses more than 25 fields).</summary>
    public const int MaxFields = 25;

    public const string DefaultSender = "Hookline";

    public static Presentation For(Message message, NotificationOptions? options = null)
    {
        var values = PayloadValues.Parse(message.Payload);
        var footer = $"{(string.IsNullOrWhiteSpace(options?.Username) ? DefaultSender : options.Username.Trim())} · {message.EventType}";
        var presentation = ProjectEventPresentations.For(message, values, footer)
            ?? OperationalPresentations.For(message, values, footer)
            ?? GenericPresentation.For(message, values, footer);
        return presentation.Fields.Count > MaxFields ? presentation with { Fields = presentation.Fields.Take(MaxFields).ToList() } : presentation;
    }

    /// <summary>Whether the type is one of Hookline's operational events.</summary>
    public static bool IsOperational(string eventType) => OperationalEventTypes.All.Any(t => t.Name == eventType);

    /// <summary>Fields of the values that are present, in the order given.</summary>
    internal static List<PresentationField> Fields(params (string Name, string? Value, bool Inline)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => new PresentationField(f.Name, f.Value!, f.Inline)).ToList();

    /// <summary>Lines of the parts that are present, so a payload missing a value shows no "null" or dangling words.</summary>
    internal static string? Lines(params string?[] lines)
    {
        var present = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return present.Count == 0 ? null : string.Join('\n', present);
    }
}
