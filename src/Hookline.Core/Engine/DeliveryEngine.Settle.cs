using Hookline.Core.Deliveries;
using Hookline.Core.Ids;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>Deliveries that can't be sent as usual: their endpoint is gone, or the engine itself failed on them.</summary>
public sealed partial class DeliveryEngine
{
    public const string EndpointGoneReason = "endpoint deleted";

    /// <summary>
    /// Settles deliveries whose endpoint no longer exists as <c>skipped</c>: given back instead, they
    /// would be claimed again every lease period for ever.
    /// </summary>
    private async Task SkipGoneQuietlyAsync(List<string> deliveryIds)
    {
        if (deliveryIds.Count == 0)
        {
            return;
        }
        try
        {
            await _store.Queue.SkipAsync(_options.NodeId, deliveryIds, EndpointGoneReason, _clock.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Skipping {Count} deliveries of a deleted endpoint failed; they come back when their leases expire", deliveryIds.Count);
        }
    }

    /// <summary>
    /// An unexpected error of the engine on one delivery, as a failed attempt of error class
    /// <see cref="AttemptErrorClasses.Internal"/>: visible in the delivery's attempts and last error,
    /// retried on the endpoint's schedule (so backed off, never a hot loop) and dead at its end.
    /// </summary>
    private async Task<DeliveryOutcome> EngineErrorOutcomeAsync(LeasedWork work, Exception error)
    {
        var delivery = work.Leased.Delivery;
        _logger.LogError(error, "Delivery {Delivery} failed inside the engine; recorded as a failed attempt", delivery.Id);
        Retry.RetryPolicy? policy = null;
        string? url = null;
        try
        {
            var snapshot = await _cache.GetAsync(delivery.EndpointId, CancellationToken.None).ConfigureAwait(false);
            policy = snapshot?.Endpoint.RetryPolicy;
            url = snapshot?.Endpoint.Url;
        }
        catch (Exception e)
        {
            // The default schedule is a fine bound when even the endpoint can't be read.
            _logger.LogDebug(e, "Reading endpoint {Endpoint} for an engine error failed", delivery.EndpointId);
        }
        var now = _clock.GetUtcNow();
        var decision = _stateMachine.Decide(policy, work.Leased.Trigger, work.Leased.RoundAttempts,
            AttemptResult.Failure(null, AttemptErrorClasses.Internal), now);
        var attempt = new Attempt
        {
            Id = IdGenerator.New(IdPrefix.Attempt, _clock),
            DeliveryId = delivery.Id,
            AttemptNumber = delivery.AttemptCount + 1,
            StartedAt = now,
            DurationMs = 0,
            Url = url ?? "",
            Error = $"Hookline could not send this delivery: {error.GetType().Name}: {error.Message}",
            ErrorClass = AttemptErrorClasses.Internal,
            Trigger = work.Leased.Trigger,
        };
        return new DeliveryOutcome(delivery.Id, _options.NodeId, attempt, decision.Status, decision.NextAttemptAt, now) { Keys = DeliveryKeys.Of(delivery) };
    }
}
