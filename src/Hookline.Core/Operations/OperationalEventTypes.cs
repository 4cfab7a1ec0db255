namespace Hookline.Core.Operations;

/// <summary>
/// The event types Hookline publishes about itself into the operations app. Their names are
/// ordinary event type names, so operators subscribe to them with ordinary endpoints.
/// </summary>
public static class OperationalEventTypes
{
    public const string EndpointCreated = "endpoint.created";
    public const string EndpointUpdated = "endpoint.updated";
    public const string EndpointDeleted = "endpoint.deleted";
    public const string EndpointDisabled = "endpoint.disabled";
    public const string EndpointEnabled = "endpoint.enabled";
    public const string CircuitOpened = "endpoint.circuit_opened";
    public const string CircuitClosed = "endpoint.circuit_closed";
    public const string AttemptFailing = "message.attempt.failing";
    public const string AttemptExhausted = "message.attempt.exhausted";
    public const string AttemptRecovered = "message.attempt.recovered";
    public const string AlertFiring = "alert.firing";
    public const string AlertResolved = "alert.resolved";

    /// <summary>Every type with the description it is registered with.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (EndpointCreated, "Hookline operations: an endpoint was created."),
        (EndpointUpdated, "Hookline operations: an endpoint was changed through the API."),
        (EndpointDeleted, "Hookline operations: an endpoint was deleted; its unfinished deliveries were skipped."),
        (EndpointDisabled, "Hookline operations: an endpoint was disabled (through the API, by a 410 Gone answer, or after failing for too long)."),
        (EndpointEnabled, "Hookline operations: a disabled endpoint was enabled again through the API; its parked deliveries are due again."),
        (CircuitOpened, "Hookline operations: an endpoint's circuit breaker opened on a node; its deliveries wait instead of spending attempts."),
        (CircuitClosed, "Hookline operations: an endpoint's circuit breaker closed again after a successful probe."),
        (AttemptFailing, "Hookline operations: a delivery's first attempt of a retry round failed and a retry is scheduled."),
        (AttemptExhausted, "Hookline operations: a delivery failed its last attempt and is dead (in the dead-letter queue)."),
        (AttemptRecovered, "Hookline operations: a delivery succeeded after its previous attempt had failed."),
        (AlertFiring, "Hookline operations: an alert rule's figure went above its threshold over the rule's period."),
        (AlertResolved, "Hookline operations: a firing alert rule's figure came back to or below its threshold."),
    ];
}

/// <summary>What disabled an endpoint, as <c>cause</c> in the <c>endpoint.disabled</c> payload.</summary>
public static class DisableCauses
{
    /// <summary>An API caller set <c>disabled: true</c>.</summary>
    public const string Api = "api";
    /// <summary>The endpoint answered <c>410 Gone</c>.</summary>
    public const string Gone = "gone";
    /// <summary>Every attempt failed for <c>AutoDisableAfter</c>.</summary>
    public const string Failing = "failing";
}
