namespace Hookline.Core.Monitoring;

/// <summary>
/// Read-only questions the dashboard asks of the store: traffic over time, the backlog and the endpoints
/// that fail. Never touches the delivery engine's write path. A null app id means every app (admin).
/// </summary>
public interface IMonitoringQueries
{
    /// <summary><paramref name="buckets"/> consecutive buckets of <paramref name="width"/> starting at <paramref name="since"/>, empty ones included.</summary>
    Task<IReadOnlyList<TrafficBucket>> TrafficAsync(string? appId, DateTimeOffset since, TimeSpan width, int buckets, CancellationToken ct = default);

    /// <summary>Deliveries not finished yet, and the dead ones waiting for a replay.</summary>
    Task<Backlog> BacklogAsync(string? appId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Endpoints with failed attempts since <paramref name="since"/>, most failures first.</summary>
    Task<IReadOnlyList<FailingEndpoint>> FailingEndpointsAsync(string? appId, DateTimeOffset since, int limit, CancellationToken ct = default);
}

/// <summary>
/// One interval of traffic: messages published, attempts made, how many succeeded, and the duration 95 % of
/// the attempts stayed within (an average hides the slow tail that receivers and operators notice).
/// </summary>
public sealed record TrafficBucket(DateTimeOffset Start, long Messages, long Attempts, long SucceededAttempts, long? P95DurationMs)
{
    /// <summary>Share of attempts that succeeded, or null when there were none.</summary>
    public double? SuccessRate => Attempts == 0 ? null : (double)SucceededAttempts / Attempts;
}

/// <summary>
/// <see cref="Due"/>: pending or failed deliveries whose next attempt time has come; <see cref="Waiting"/>:
/// failed ones waiting for a later retry; <see cref="Dead"/>: gave up, waiting for a replay.
/// </summary>
public sealed record Backlog(long Pending, long Sending, long Failed, long Dead, long Due, DateTimeOffset? OldestDueAt)
{
    public long Waiting => Pending + Failed - Due;
}

public sealed record FailingEndpoint(string EndpointId, string AppId, string Url, long FailedAttempts, long Attempts, DateTimeOffset LastFailureAt, string? LastErrorClass, int? LastStatusCode);
