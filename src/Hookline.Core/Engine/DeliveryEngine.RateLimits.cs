using Hookline.Core.Endpoints;
using Hookline.Core.Protection;
using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>
/// Chat platforms' rate limits: Discord, Teams and Slack answer 429 with the time to wait, and
/// expect senders to wait exactly that long. Such an answer says the platform is up and only asks
/// for patience, so it is waited out instead of being treated as a failure.
/// </summary>
public sealed partial class DeliveryEngine
{
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
