using Hookline.Core.Deliveries;
using Hookline.Core.Protection;

namespace Hookline.Core.Operations;

/// <summary>Which engine happenings are worth an operational event: transitions, not every repetition.</summary>
public static class OperationalEventRules
{
    /// <summary>
    /// The <c>message.attempt.*</c> type of an attempt's outcome, or null. <c>failing</c> fires on the
    /// first failed attempt of a retry round only (the retries that follow add nothing an operator
    /// needs); a replay or recover starts a new round, so its first failure reports again.
    /// </summary>
    /// <param name="newStatus">Where the attempt took the delivery.</param>
    /// <param name="roundAttemptsBefore">Attempts already made in the current round, this one not counted.</param>
    /// <param name="previousAttemptFailed">Whether the delivery's attempt before this one failed.</param>
    public static string? AttemptEventType(DeliveryStatus newStatus, int roundAttemptsBefore, bool previousAttemptFailed) => newStatus switch
    {
        DeliveryStatus.Dead => OperationalEventTypes.AttemptExhausted,
        DeliveryStatus.Failed when roundAttemptsBefore == 0 => OperationalEventTypes.AttemptFailing,
        DeliveryStatus.Succeeded when previousAttemptFailed => OperationalEventTypes.AttemptRecovered,
        _ => null,
    };

    /// <summary>
    /// The circuit event of a state change, or null. Only the change from closed to open, and the
    /// close after a successful probe, are reported: a failed probe re-opens a circuit that is already
    /// reported open, half-open is a passing state, and a reset (the endpoint was disabled) is no recovery.
    /// </summary>
    public static OperationalEvent? CircuitEvent(CircuitStateChangedEventArgs change, string node, DateTimeOffset? nextProbeAt)
    {
        if (change.From == CircuitState.Closed && change.To == CircuitState.Open)
        {
            return OperationalEvent.CircuitOpened(change.EndpointId, change.Reason, node, change.At, nextProbeAt);
        }
        if (change.From == CircuitState.HalfOpen && change.To == CircuitState.Closed && change.Reason != CircuitBreaker.ResetReason)
        {
            return OperationalEvent.CircuitClosed(change.EndpointId, change.Reason, node, change.At);
        }
        return null;
    }
}
