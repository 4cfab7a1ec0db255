using System.Globalization;
using Hookline.Core.Endpoints;

namespace Hookline.Core.Operations;

/// <summary>
/// One thing that happened to an endpoint or a delivery, published as a message of type
/// <see cref="Type"/> into the operations app. <see cref="EventId"/> becomes the message's
/// <c>event_id</c>: the same occurrence reported twice (a re-sent delivery after a crash, a retried
/// publish) is stored once.
/// </summary>
public sealed record OperationalEvent
{
    public required string Type { get; init; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    /// <summary>The endpoint's app; null when the reporter did not have it (the publisher reads it from the endpoint).</summary>
    public string? AppId { get; init; }
    /// <summary>The endpoint's URL; null like <see cref="AppId"/>.</summary>
    public string? Url { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>Whether the endpoint is disabled (endpoint.created/updated/deleted).</summary>
    public bool? Disabled { get; init; }
    /// <summary>Why it happened, in words (endpoint.disabled, circuit events).</summary>
    public string? Reason { get; init; }
    /// <summary>One of <see cref="DisableCauses"/> (endpoint.disabled).</summary>
    public string? Cause { get; init; }
    /// <summary>The node whose engine saw it (circuit events: each node keeps its own circuits).</summary>
    public string? Node { get; init; }
    /// <summary>When the open circuit lets its probe through (endpoint.circuit_opened).</summary>
    public DateTimeOffset? NextProbeAt { get; init; }
    /// <summary>The delivery and its last attempt (message.attempt.*).</summary>
    public AttemptDetails? Attempt { get; init; }
    /// <summary>The rule and the figure that crossed it (alert.*).</summary>
    public AlertDetails? Alert { get; init; }

    public static OperationalEvent EndpointCreated(Endpoint endpoint) =>
        ForEndpoint(OperationalEventTypes.EndpointCreated, endpoint, endpoint.CreatedAt, null);

    public static OperationalEvent EndpointUpdated(Endpoint endpoint) =>
        ForEndpoint(OperationalEventTypes.EndpointUpdated, endpoint, endpoint.UpdatedAt, Millis(endpoint.UpdatedAt));

    public static OperationalEvent EndpointDeleted(Endpoint endpoint, DateTimeOffset at) =>
        ForEndpoint(OperationalEventTypes.EndpointDeleted, endpoint, at, null);

    public static OperationalEvent EndpointEnabled(Endpoint endpoint) =>
        ForEndpoint(OperationalEventTypes.EndpointEnabled, endpoint, endpoint.UpdatedAt, Millis(endpoint.UpdatedAt));

    public static OperationalEvent EndpointDisabled(Endpoint endpoint, string reason, string cause, DateTimeOffset at) => new()
    {
        Type = OperationalEventTypes.EndpointDisabled,
        EventId = Id(OperationalEventTypes.EndpointDisabled, endpoint.Id, Millis(at)),
        EndpointId = endpoint.Id,
        AppId = endpoint.AppId,
        Url = endpoint.Url,
        At = at,
        Reason = reason,
        Cause = cause,
    };

    public static OperationalEvent CircuitOpened(string endpointId, string reason, string node, DateTimeOffset at, DateTimeOffset? nextProbeAt) => new()
    {
        Type = OperationalEventTypes.CircuitOpened,
        EventId = Id(OperationalEventTypes.CircuitOpened, endpointId, node + "_" + Millis(at)),
        EndpointId = endpointId,
        At = at,
        Reason = reason,
        Node = node,
        NextProbeAt = nextProbeAt,
    };

    public static OperationalEvent CircuitClosed(string endpointId, string reason, string node, DateTimeOffset at) => new()
    {
        Type = OperationalEventTypes.CircuitClosed,
        EventId = Id(OperationalEventTypes.CircuitClosed, endpointId, node + "_" + Millis(at)),
        EndpointId = endpointId,
        At = at,
        Reason = reason,
        Node = node,
    };

    /// <param name="type">One of the <c>message.attempt.*</c> types.</param>
    public static OperationalEvent ForAttempt(string type, Endpoint endpoint, AttemptDetails attempt, DateTimeOffset at) => new()
    {
        Type = type,
        // The attempt number names the occurrence: the same attempt re-made after a crash reports once.
        EventId = Id(type, attempt.DeliveryId, attempt.AttemptCount.ToString(CultureInfo.InvariantCulture)),
        EndpointId = endpoint.Id,
        AppId = endpoint.AppId,
        Url = endpoint.Url,
        At = at,
        Attempt = attempt,
    };

    /// <param name="type"><see cref="OperationalEventTypes.AlertFiring"/> or <see cref="OperationalEventTypes.AlertResolved"/>.</param>
    public static OperationalEvent ForAlert(string type, string appId, string? endpointId, string? url, AlertDetails alert, DateTimeOffset at) => new()
    {
        Type = type,
        EventId = Id(type, alert.RuleId, Millis(at)),
        EndpointId = endpointId ?? "",
        AppId = appId,
        Url = url ?? "",
        At = at,
        Alert = alert,
    };

    private static OperationalEvent ForEndpoint(string type, Endpoint endpoint, DateTimeOffset at, string? occurrence) => new()
    {
        Type = type,
        EventId = Id(type, endpoint.Id, occurrence),
        EndpointId = endpoint.Id,
        AppId = endpoint.AppId,
        Url = endpoint.Url,
        At = at,
        Disabled = endpoint.Disabled,
    };

    private static string Id(string type, string subject, string? occurrence) =>
        occurrence is null ? $"op_{type}_{subject}" : $"op_{type}_{subject}_{occurrence}";

    private static string Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}

/// <summary>A delivery as a <c>message.attempt.*</c> event reports it, with the outcome of its latest attempt.</summary>
public sealed record AttemptDetails
{
    public required string MessageId { get; init; }
    public required string DeliveryId { get; init; }
    public required string EventType { get; init; }
    /// <summary>Attempts made so far, the latest included.</summary>
    public required int AttemptCount { get; init; }
    public int? LastStatusCode { get; init; }
    /// <summary>One of <c>AttemptErrorClasses</c>; null when the latest attempt succeeded.</summary>
    public string? LastErrorClass { get; init; }
    public string? LastError { get; init; }
    /// <summary>When the scheduled retry goes (message.attempt.failing).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>An alert rule as an <c>alert.*</c> event reports it.</summary>
public sealed record AlertDetails
{
    public required string RuleId { get; init; }
    public required string Metric { get; init; }
    public required double Threshold { get; init; }
    public required int PeriodSeconds { get; init; }
    /// <summary>The figure at evaluation; null when there was nothing to measure (no attempts in the period).</summary>
    public double? Value { get; init; }
}
