using Hookline.Core.Endpoints;
using Hookline.Core.Protection;

namespace Hookline.Core.Engine;

/// <summary>What came of waiting for an endpoint's rate window: the instant the attempt starts, or (when null) when its delivery is due again.</summary>
internal readonly record struct RateTurn(DateTimeOffset? StartAt, DateTimeOffset GiveBackAt);

/// <summary>
/// An endpoint's rate limit as a lane sees it: a delivery waits in its lane for the endpoint's rate
/// window, unless the wait would outlast its lease (it would only go to whoever claims it after
/// expiry) or the engine stops waiting; then it is to be given back, due when it could have gone.
/// </summary>
internal sealed class RateGate(RateWindowRegistry rates, TimeProvider clock, TimeSpan leaseMargin)
{
    /// <summary>Waits for the endpoint's window; the start it returns is the instant the window counted.</summary>
    public async Task<RateTurn> WaitTurnAsync(Endpoint endpoint, DateTimeOffset leaseUntil, CancellationToken stopWaiting)
    {
        if (EndpointLimits.RateOf(endpoint) is not { } rate)
        {
            return new RateTurn(clock.GetUtcNow(), default);
        }
        while (true)
        {
            if (rates.TryTake(endpoint.Id, rate, out var startedAt, out var wait))
            {
                return new RateTurn(startedAt, default);
            }
            var now = clock.GetUtcNow();
            if (now + wait + leaseMargin > leaseUntil)
            {
                return new RateTurn(null, now + wait);
            }
            try
            {
                await Task.Delay(wait, clock, stopWaiting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new RateTurn(null, clock.GetUtcNow());
            }
        }
    }
}
