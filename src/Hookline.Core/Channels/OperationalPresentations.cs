using Hookline.Core.Messages;
using Hookline.Core.Operations;
using static Hookline.Core.Channels.PresentationCatalog;

namespace Hookline.Core.Channels;

/// <summary>
/// Hookline's operational events rendered as alerts: what happened to which endpoint or delivery,
/// and why. An endpoint's URL is shown as its host only: a chat webhook URL carries its token in
/// the path, and an alert channel is read by more people than the endpoint's owner.
/// </summary>
public static class OperationalPresentations
{
    private const int Red = 0xE74C3C;
    private const int Amber = 0xF39C12;
    private const int Green = 0x2ECC71;
    private const int Blue = 0x3498DB;
    private const int Grey = 0x95A5A6;

    public static Presentation? For(Message message, PayloadValues v, string footer)
    {
        if (!IsOperational(message.EventType))
        {
            return null;
        }
        var endpoint = v.Text("endpoint_id") ?? "(unknown endpoint)";
        var (emoji, title, color, tone, description) = message.EventType switch
        {
            OperationalEventTypes.EndpointCreated => ("🆕", "Endpoint created", Blue, Tone.Accent, $"Endpoint {endpoint} was created."),
            OperationalEventTypes.EndpointUpdated => ("✏️", "Endpoint updated", Grey, Tone.Default, $"Endpoint {endpoint} was changed."),
            OperationalEventTypes.EndpointDeleted => ("🗑️", "Endpoint deleted", Grey, Tone.Default, $"Endpoint {endpoint} was deleted; its unfinished deliveries were skipped."),
            OperationalEventTypes.EndpointDisabled => ("🚨", "Endpoint disabled", Red, Tone.Attention,
                $"Endpoint {endpoint} was disabled{Reason(v)}. Nothing is sent to it until it is enabled again."),
            OperationalEventTypes.CircuitOpened => ("🔴", "Circuit opened", Red, Tone.Attention,
                $"Deliveries to endpoint {endpoint} are paused{Reason(v)}; they wait instead of spending attempts."),
            OperationalEventTypes.CircuitClosed => ("🟢", "Circuit closed", Green, Tone.Good, $"Deliveries to endpoint {endpoint} flow again{Reason(v)}."),
            OperationalEventTypes.AttemptFailing => ("⚠️", "Delivery failing", Amber, Tone.Warning,
                $"A delivery to endpoint {endpoint} failed{Error(v)}; it will be retried."),
            OperationalEventTypes.AttemptExhausted => ("☠️", "Delivery dead", Red, Tone.Attention,
                $"A delivery to endpoint {endpoint} failed its last attempt{Error(v)} and is in the dead-letter queue."),
            _ => ("✅", "Delivery recovered", Green, Tone.Good, $"A delivery to endpoint {endpoint} succeeded after failing."),
        };
        return new Presentation
        {
            Emoji = emoji,
            Title = title,
            Color = color,
            Tone = tone,
            Description = description,
            Fields = Fields(
                ("Endpoint", v.Text("endpoint_id"), true),
                ("Target", Host(v.Text("url")), true),
                ("App", v.Text("app_id"), true),
                ("Cause", Cause(v.Text("cause")), true),
                ("Node", v.Text("node"), true),
                ("Next probe", v.Text("next_probe_at"), true),
                ("Event type", v.Text("event_type"), true),
                ("Delivery", v.Text("delivery_id"), true),
                ("Attempts", v.Text("attempt_count"), true),
                ("Last status", v.Text("last_status_code"), true),
                ("Error class", v.Text("last_error_class"), true),
                ("Next attempt", v.Text("next_attempt_at"), true)),
            Timestamp = v.Time("at") ?? message.CreatedAt,
            Footer = footer,
            IsAlert = true,
        };
    }

    private static string Reason(PayloadValues v) => v.Text("reason") is { } reason ? ": " + reason : "";

    private static string Error(PayloadValues v) => v.Text("last_error") is { } error ? " (" + error + ")" : "";

    private static string? Cause(string? cause) => cause switch
    {
        null => null,
        DisableCauses.Api => "disabled through the API",
        DisableCauses.Gone => "answered 410 Gone",
        DisableCauses.Failing => "failing for too long",
        _ => cause,
    };

    private static string? Host(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
