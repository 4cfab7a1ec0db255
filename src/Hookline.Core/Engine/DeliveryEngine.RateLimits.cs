using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>
/// Rate limits: the endpoint's own, waited for in its lane (<see cref="RateGate"/>), and chat
/// platforms'. Discord, Teams and Slack answer 429 with the time to wait, and expect senders to wait
/// exactly that long. Such an answer says the platform is up and only asks for patience, so it is
/// waited out instead of being treated as a failure.
/// </summary>
public sealed partial class DeliveryEngine
{
    /// <summary>
    /// Waits in the lane for the endpoint's rate window and returns the attempt's start; null when
    /// the delivery was given back instead (the wait would outlast its lease, or the engine stops).
    /// </summary>
    private async Task<DateTimeOffset?> TakeRateTurnAsync(Endpoint endpoint, LeasedWork work)
    {
        var turn = await _rateGate.WaitTurnAsync(endpoint, work.LeaseUntil, _stopWaiting.Token).ConfigureAwait(false);
        if (turn.StartAt is null)
        {
            await ReleaseQuietlyAsync([work.DeliveryId], turn.GiveBackAt).ConfigureAwait(false);
        }
        return turn.StartAt;
    }

    /// <summary>How long this attempt's answer asks to wait, when it is a rate limit to wait out; null otherwise.</summary>
    private TimeSpan? RateLimitWait(Endpoint endpoint, LeasedDelivery leased, SendResult result) =>
        endpoint.Kind != EndpointKinds.Webhook && result.StatusCode == 429 && result.RetryAfter is { } wait
            && leased.Delivery.AttemptCount < _options.RateLimitAttemptBound
            ? wait
            : null;

    /// <summary>
    /// Keeps the endpoint's other deliveries back until the platform's wait is over (its limit is
    /// per webhook), and lets a half-open circuit's probe report: the platform did answer.
    /// </summary>
    private void WaitOutRateLimit(Endpoint endpoint, DateTimeOffset until)
    {
        _holds.Hold(endpoint.Id, until);
        var circuit = _circuits.Get(endpoint.Id);
        if (circuit.State == CircuitState.HalfOpen)
        {
            circuit.RecordSuccess();
        }
    }
}
