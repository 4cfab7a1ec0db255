namespace Hookline.Client.Models;

/// <summary>Attempt duration percentiles in ms, estimated from the rollups; null without attempts.</summary>
public sealed record LatencySummary(double? P50, double? P95, double? P99, double? Mean);

/// <summary>What the attempts of a slice (the app, an endpoint, an event type, a point of a trend) came to.</summary>
public sealed record AttemptSummary(long Attempts, long Succeeded, long Failed, long Dead, double? SuccessRate, LatencySummary LatencyMs);

public sealed record EndpointAnalytics(string EndpointId, AttemptSummary Summary);

public sealed record EventTypeAnalytics(string EventType, long Messages, long Deliveries, AttemptSummary Summary);

/// <summary>Failed attempts by error class (timeout, connection, http_5xx, ...) and by HTTP status.</summary>
public sealed record ErrorBreakdown(IReadOnlyDictionary<string, long> ByClass, IReadOnlyDictionary<string, long> ByStatus);

public sealed record AnalyticsOverview(
    DateTimeOffset Since, DateTimeOffset Until, long Messages, long Deliveries, AttemptSummary Attempts, ErrorBreakdown Errors,
    IReadOnlyList<EndpointAnalytics> Endpoints, IReadOnlyList<EventTypeAnalytics> EventTypes);

public sealed record TrendPoint(DateTimeOffset At, long Messages, long Deliveries, AttemptSummary Attempts);

public sealed record AnalyticsTrends(DateTimeOffset Since, DateTimeOffset Until, string Interval, IReadOnlyList<TrendPoint> Points);

/// <summary>An alert rule with its state (ok or firing) and the value it last measured.</summary>
public sealed record AlertRule(
    string Id, string AppId, string Metric, double Threshold, int PeriodSeconds, string? EndpointId, string State, double? LastValue,
    DateTimeOffset? EvaluatedAt, DateTimeOffset? ChangedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A rule's fields to create it (metric, threshold and period required) or to change (null ones stay).
/// <see cref="Metric"/>: failure_rate (threshold a share, 0 to 1), latency_p95 (ms) or backlog (deliveries).
/// </summary>
public sealed record AlertRuleOptions(string? Metric = null, double? Threshold = null, TimeSpan? Period = null, string? EndpointId = null);

/// <summary>One export in the audit trail: who, when, what, and the SHA-256 of exactly the bytes sent.</summary>
public sealed record ExportRecord(
    string Id, string KeyId, string AppId, string Resource, string Format, IReadOnlyDictionary<string, string> Filters, string Status,
    long Rows, long Bytes, string? Sha256, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>Filters of a message export; null ones are not applied.</summary>
public sealed record MessageExportFilter(string? EventType = null, string? Channel = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);

/// <summary>One change made through the API: who (key id), what, which fields were sent (never their values).</summary>
public sealed record AuditEntry(
    string Id, string Actor, string? AppId, string Action, string TargetType, string? TargetId, string Method, string Path, int StatusCode,
    IReadOnlyList<string> Fields, DateTimeOffset CreatedAt);

/// <summary>Filters of the audit log; null ones are not applied.</summary>
public sealed record AuditFilter(string? Actor = null, string? TargetId = null, string? AppId = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);

/// <summary>A single-use link that signs its holder into the admin UI, scoped to one app.</summary>
public sealed record PortalLink(string Id, string AppId, string Url, DateTimeOffset ExpiresAt, double SessionSeconds);

public sealed record PortalBranding(string? Name = null, string? LogoUrl = null, string? Color = null);

/// <param name="ExpiresIn">How long the link may be used; the server's default when null.</param>
/// <param name="Session">How long the session it opens lasts; the server's default when null.</param>
public sealed record PortalLinkOptions(TimeSpan? ExpiresIn = null, TimeSpan? Session = null, PortalBranding? Branding = null);
