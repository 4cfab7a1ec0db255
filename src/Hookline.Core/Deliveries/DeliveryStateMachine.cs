using Hookline.Core.Retry;

namespace Hookline.Core.Deliveries;

/// <summary>
/// Decides where a delivery goes after an attempt (see <see cref="DeliveryStatus"/> for the whole
/// life). Pure apart from the jitter of the injected <see cref="RetryScheduler"/>.
/// </summary>
public sealed class DeliveryStateMachine(RetryScheduler scheduler, TimeSpan maxRetryAfter)
{
    /// <summary>Default bound on a receiver's <c>Retry-After</c>: one hour.</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromHours(1);

    /// <param name="policy">The endpoint's policy; null means <see cref="RetryPolicy.Default"/>.</param>
    /// <param name="trigger">Why the attempt was made (<see cref="AttemptTriggers"/>).</param>
    /// <param name="roundAttemptsBefore">Attempts already made in the current round, this one not counted.</param>
    /// <param name="result">The attempt's outcome.</param>
    /// <param name="now">When the attempt ended.</param>
    public DeliveryDecision Decide(RetryPolicy? policy, string trigger, int roundAttemptsBefore, AttemptResult result, DateTimeOffset now)
    {
        if (result.Succeeded)
        {
            return DeliveryDecision.Succeeded;
        }
        // A manual retry is one more try of a dead delivery, not a new round.
        if (trigger == AttemptTriggers.Manual)
        {
            return DeliveryDecision.Dead;
        }
        // A target the SSRF guard refuses stays refused until an operator changes the configuration.
        // So does a body that can't be rendered: the same template fails the same way next time.
        if (result.ErrorClass is AttemptErrorClasses.Blocked or AttemptErrorClasses.Transformation)
        {
            return DeliveryDecision.Dead;
        }
        policy ??= RetryPolicy.Default;
        if (!RetryScheduler.IsRetryableStatus(policy, result.StatusCode))
        {
            return DeliveryDecision.Dead;
        }
        if (scheduler.NextDelay(policy, roundAttemptsBefore + 1) is not { } delay)
        {
            return DeliveryDecision.Dead;
        }
        if (result.StatusCode is 429 or 503 && result.RetryAfter is { } retryAfter)
        {
            // Never earlier than the receiver asked, never later than our bound, never in the past.
            var asked = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter > maxRetryAfter ? maxRetryAfter : retryAfter;
            if (asked > delay)
            {
                delay = asked;
            }
        }
        return new DeliveryDecision(DeliveryStatus.Failed, now + delay);
    }

    /// <summary>
    /// A platform's rate limit that is waited out: the next attempt goes exactly when the platform
    /// asked (within the <c>Retry-After</c> bound), whatever the policy's schedule says.
    /// </summary>
    public DeliveryDecision WaitOut(TimeSpan retryAfter, DateTimeOffset now)
    {
        var wait = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter > maxRetryAfter ? maxRetryAfter : retryAfter;
        return new DeliveryDecision(DeliveryStatus.Failed, now + wait);
    }
}
