namespace Hookline.Core.Analytics;

/// <summary>Attempt counts summed over rollup rows: by endpoint and event type (overview) or by bucket (trends).</summary>
public sealed record AttemptTotals
{
    public string EndpointId { get; init; } = "";
    public string EventType { get; init; } = "";
    public long Bucket { get; init; }
    public long Attempts { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Dead { get; init; }
    public long DurationMsSum { get; init; }
    /// <summary><see cref="LatencyBuckets.Count"/> counts by duration bucket.</summary>
    public IReadOnlyList<long> Latency { get; init; } = new long[LatencyBuckets.Count];
}

/// <summary>Failed attempts summed by error class and status code (0 when there was no answer).</summary>
public sealed record ErrorTotals(string EndpointId, string EventType, string ErrorClass, int StatusCode, long Attempts);

/// <summary>Messages published and deliveries fanned out, by event type (overview) or by bucket (trends).</summary>
public sealed record MessageTotals(string EventType, long Bucket, long Messages, long Deliveries);
