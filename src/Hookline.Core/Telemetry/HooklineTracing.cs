using System.Diagnostics;

namespace Hookline.Core.Telemetry;

/// <summary>
/// Hookline's spans, on one <see cref="ActivitySource"/> named <see cref="SourceName"/>: a publish
/// span around each publish and one span per delivery attempt. With no listener (no tracing
/// configured) starting a span costs a null check.
/// </summary>
public static class HooklineTracing
{
    public const string SourceName = "Hookline";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartPublish(string appId, string eventType)
    {
        var activity = Source.StartActivity("hookline.publish", ActivityKind.Producer);
        activity?.SetTag("hookline.app_id", appId);
        activity?.SetTag("hookline.event_type", eventType);
        return activity;
    }

    /// <summary>
    /// The span of one attempt: a child of the message's publish span when the message kept its
    /// <paramref name="publishTraceParent"/>, so a trace shows the publish and every attempt after it,
    /// on whichever node they ran; otherwise a root span.
    /// </summary>
    public static Activity? StartAttempt(string appId, string endpointId, string messageId, string deliveryId, int attemptNumber, string? publishTraceParent = null)
    {
        var activity = publishTraceParent is not null && ActivityContext.TryParse(publishTraceParent, null, out var parent)
            ? Source.StartActivity("hookline.attempt", ActivityKind.Client, parent)
            : Source.StartActivity("hookline.attempt", ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }
        activity.SetTag("hookline.app_id", appId);
        activity.SetTag("hookline.endpoint_id", endpointId);
        activity.SetTag("hookline.message_id", messageId);
        activity.SetTag("hookline.delivery_id", deliveryId);
        activity.SetTag("hookline.attempt", attemptNumber);
        return activity;
    }

    /// <summary>Ends an attempt span with its outcome.</summary>
    public static void Finish(Activity? activity, int? statusCode, string? errorClass)
    {
        if (activity is null)
        {
            return;
        }
        if (statusCode is { } code)
        {
            activity.SetTag("http.response.status_code", code);
        }
        if (errorClass is not null)
        {
            activity.SetTag("error.type", errorClass);
            activity.SetStatus(ActivityStatusCode.Error, errorClass);
        }
        activity.Dispose();
    }

    /// <summary>The W3C <c>traceparent</c> of <paramref name="span"/>; null without tracing.</summary>
    public static string? TraceParentOf(Activity? span) => span is { IdFormat: ActivityIdFormat.W3C } ? span.Id : null;

    /// <summary>The W3C <c>traceparent</c> of the current span, for receivers that asked for it; null without tracing.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;
}
