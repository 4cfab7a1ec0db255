using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hookline.Core.Telemetry;

/// <summary>
/// Hookline's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>. Every
/// measurement carries only bounded tags: outcomes, error classes, and the app and endpoint ids,
/// which the exporter keeps only when <c>Hookline:Metrics:IdLabels</c> is on. Never a message id.
/// </summary>
public static class HooklineMetrics
{
    public const string MeterName = "Hookline";

    /// <summary>Tags that name an app or endpoint: dropped by the exporter unless configured.</summary>
    public static readonly IReadOnlyList<string> IdTags = ["app_id", "endpoint_id"];

    private static readonly Meter Meter = new(MeterName, HooklineVersionText());

    private static readonly Counter<long> MessagesPublished = Meter.CreateCounter<long>(
        "hookline.messages.published", "{message}", "Messages accepted by publish (duplicates by event_id not counted)");

    private static readonly Counter<long> DeliveriesCreated = Meter.CreateCounter<long>(
        "hookline.deliveries.created", "{delivery}", "Deliveries fanned out by publish");

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "hookline.attempts", "{attempt}", "Attempts made, by outcome (succeeded, failed, dead) and error class");

    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram<double>(
        "hookline.attempt.duration", "s", "Duration of delivery attempts",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Counter<long> InboundRequests = Meter.CreateCounter<long>(
        "hookline.inbound.requests", "{request}", "Requests received by inbound sources, by outcome");

    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>(
        "hookline.store.duration", "s", "Duration of store operations (read or write transaction)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    private static readonly Counter<long> ExportRows = Meter.CreateCounter<long>(
        "hookline.export.rows", "{row}", "Rows streamed by exports, by resource and format");

    private static readonly Counter<long> RetentionPruned = Meter.CreateCounter<long>(
        "hookline.retention.pruned", "{row}", "Rows pruned by the retention job, by kind");

    /// <summary>A message was written by publish, with its fan-out.</summary>
    public static void Published(string appId, string eventType, int deliveries)
    {
        var tags = new TagList { { "app_id", appId } };
        MessagesPublished.Add(1, tags);
        if (deliveries > 0)
        {
            DeliveriesCreated.Add(deliveries, tags);
        }
    }

    /// <param name="outcome">succeeded, failed (will retry) or dead.</param>
    public static void Attempted(string appId, string endpointId, string outcome, string? errorClass, TimeSpan duration)
    {
        var tags = new TagList { { "app_id", appId }, { "endpoint_id", endpointId }, { "outcome", outcome }, { "error_class", errorClass ?? "none" } };
        Attempts.Add(1, tags);
        AttemptDuration.Record(duration.TotalSeconds, new TagList { { "app_id", appId }, { "endpoint_id", endpointId }, { "outcome", outcome } });
    }

    /// <summary>
    /// An inbound source answered a sender. <paramref name="outcome"/> is a fixed word (accepted,
    /// duplicate, unauthorized, forbidden, rate_limited, invalid, too_large, unsupported), never free text.
    /// </summary>
    public static void InboundRequest(string outcome, string? appId = null) =>
        InboundRequests.Add(1, new TagList { { "outcome", outcome }, { "app_id", appId ?? "" } });

    /// <param name="kind">read or write.</param>
    public static void StoreOperation(string kind, TimeSpan duration, bool failed) =>
        StoreDuration.Record(duration.TotalSeconds, new TagList { { "kind", kind }, { "failed", failed ? "true" : "false" } });

    public static void Exported(string resource, string format, long rows) =>
        ExportRows.Add(rows, new TagList { { "resource", resource }, { "format", format } });

    public static void Pruned(string kind, long rows) =>
        RetentionPruned.Add(rows, new TagList { { "kind", kind } });

    /// <summary>
    /// Where the queue-depth and circuit gauges read from at scrape time. The host sets it to a
    /// sampler that queries the store in the background, so a scrape never queries it.
    /// </summary>
    public static Func<QueueDepth> QueueSampler { get; set; } = () => QueueDepth.Empty;

    private static readonly ObservableGauge<long> QueueDepthGauge = Meter.CreateObservableGauge(
        "hookline.queue.depth", ObserveQueue, "{delivery}", "Unfinished deliveries by state (due, waiting_retry, held_by_open_circuit, sending)");

    private static readonly ObservableGauge<long> CircuitsOpenGauge = Meter.CreateObservableGauge(
        "hookline.circuits.open", () => QueueSampler().CircuitsOpen, "{circuit}", "Endpoint circuits open on this node");

    private static IEnumerable<Measurement<long>> ObserveQueue()
    {
        var depth = QueueSampler();
        return
        [
            new Measurement<long>(depth.Due, new KeyValuePair<string, object?>("state", "due")),
            new Measurement<long>(depth.WaitingRetry, new KeyValuePair<string, object?>("state", "waiting_retry")),
            new Measurement<long>(depth.HeldByOpenCircuits, new KeyValuePair<string, object?>("state", "held_by_open_circuit")),
            new Measurement<long>(depth.Sending, new KeyValuePair<string, object?>("state", "sending")),
        ];
    }

    private static string HooklineVersionText() =>
        typeof(HooklineMetrics).Assembly.GetName().Version?.ToString() ?? "0";
}

/// <summary>A sample of the delivery queue, as the <c>hookline_queue_depth</c> gauge reports it.</summary>
public sealed record QueueDepth(long Due, long WaitingRetry, long HeldByOpenCircuits, long Sending, long CircuitsOpen)
{
    public static readonly QueueDepth Empty = new(0, 0, 0, 0, 0);
}
