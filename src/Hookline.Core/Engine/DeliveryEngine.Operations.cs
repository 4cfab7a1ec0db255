using System.Collections.Concurrent;
using Hookline.Core.Endpoints;
using Hookline.Core.Operations;
using Hookline.Core.Protection;
using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>What the engine reports as operational events: attempt transitions, circuits, disabled endpoints.</summary>
public sealed partial class DeliveryEngine
{
    /// <summary>Attempt events waiting for their outcome's commit, by delivery id.</summary>
    private readonly ConcurrentDictionary<string, OperationalEvent> _eventsAwaitingCommit = new(StringComparer.Ordinal);

    /// <summary>Where the engine reports operational events. Default: nowhere.</summary>
    public IOperationalEvents OperationalEvents { get; init; } = NoOperationalEvents.Instance;

    /// <summary>
    /// Keeps the attempt event of an outcome, if it has one, until the outcome is committed: an event
    /// about a state the store never reached (the node died first) would tell operators something false.
    /// </summary>
    private void NoteAttemptEvent(LeasedDelivery leased, Endpoint endpoint, DeliveryOutcome outcome)
    {
        if (!OperationalEvents.Enabled)
        {
            return;
        }
        var delivery = leased.Delivery;
        // Every failed attempt records an error, every success clears it.
        // A chat platform's 429 before this attempt was waited out, not a failure to recover from.
        var previousFailed = delivery.AttemptCount > 0 && delivery.LastError is not null
            && !(endpoint.Kind != EndpointKinds.Webhook && delivery.LastStatusCode == 429);
        if (OperationalEventRules.AttemptEventType(outcome.NewStatus, leased.RoundAttempts, previousFailed) is not { } type)
        {
            return;
        }
        var attempt = outcome.Attempt;
        _eventsAwaitingCommit[delivery.Id] = OperationalEvent.ForAttempt(type, endpoint, new AttemptDetails
        {
            MessageId = delivery.MessageId,
            DeliveryId = delivery.Id,
            EventType = delivery.EventType,
            AttemptCount = attempt.AttemptNumber,
            LastStatusCode = attempt.StatusCode,
            LastErrorClass = attempt.ErrorClass,
            LastError = attempt.Error,
            NextAttemptAt = outcome.NextAttemptAt,
        }, outcome.UpdatedAt);
    }

    private void EmitCommittedEvents(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (_eventsAwaitingCommit.IsEmpty)
        {
            return;
        }
        foreach (var outcome in outcomes)
        {
            if (_eventsAwaitingCommit.TryRemove(outcome.DeliveryId, out var committed))
            {
                OperationalEvents.Emit(committed);
            }
        }
    }

    private void EmitCircuitEvent(CircuitStateChangedEventArgs change)
    {
        if (!OperationalEvents.Enabled)
        {
            return;
        }
        DateTimeOffset? nextProbe = change.To == CircuitState.Open ? Find(change.EndpointId)?.NextProbeAt : null;
        if (OperationalEventRules.CircuitEvent(change, _options.NodeId, nextProbe) is { } circuitEvent)
        {
            OperationalEvents.Emit(circuitEvent);
        }
    }

    private void EmitDisabled(Endpoint disabled, string reason, string cause, DateTimeOffset at)
    {
        if (OperationalEvents.Enabled)
        {
            OperationalEvents.Emit(OperationalEvent.EndpointDisabled(disabled, reason, cause, at));
        }
    }
}
