using Hookline.Core.Channels;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Operations;
using Hookline.Core.Protection;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>One attempt: the checks that may hold a delivery back without spending an attempt, the send, the outcome.</summary>
public sealed partial class DeliveryEngine
{
    /// <summary>
    /// Sends one delivery; null when it was not sent (endpoint gone or disabled, behind the head of
    /// an ordered line, rate limited past its lease, circuit open, or its lease taken over). A delivery
    /// that is not sent is given back without an attempt.
    /// </summary>
    private async Task<DeliveryOutcome?> AttemptAsync(LeasedWork work)
    {
        var leased = work.Leased;
        var delivery = leased.Delivery;
        var snapshot = await _cache.GetAsync(delivery.EndpointId, CancellationToken.None).ConfigureAwait(false);
        if (snapshot is { Endpoint.Disabled: true })
        {
            snapshot = await _cache.ReloadAsync(delivery.EndpointId, CancellationToken.None).ConfigureAwait(false);
        }
        if (snapshot is null)
        {
            await SkipGoneQuietlyAsync([delivery.Id]).ConfigureAwait(false);
            return null;
        }
        if (snapshot.Endpoint.Disabled)
        {
            await ReleaseQuietlyAsync([delivery.Id], null).ConfigureAwait(false);
            return null;
        }
        var endpoint = snapshot.Endpoint;
        var timeout = TimeSpan.FromSeconds(Math.Clamp(endpoint.TimeoutSeconds, EndpointLimits.MinTimeoutSeconds, EndpointLimits.MaxTimeoutSeconds));
        if (endpoint.Ordered && await BehindHeadAsync(delivery).ConfigureAwait(false) is { } headDue)
        {
            await ReleaseQuietlyAsync([delivery.Id], headDue).ConfigureAwait(false);
            return null;
        }
        // The attempt's one start instant: the rate window counts it and the attempt log records it,
        // so the recorded starts of any one second never exceed the rate however late the send goes out.
        if (await TakeRateTurnAsync(endpoint, work).ConfigureAwait(false) is not { } now)
        {
            return null;
        }
        if (!await LeaseCoversSendAsync(work, now + timeout + _options.LeaseMargin).ConfigureAwait(false))
        {
            return null;
        }
        var attemptId = IdGenerator.New(IdPrefix.Attempt, _clock);
        var attemptNumber = delivery.AttemptCount + 1;
        RenderedContent content;
        try
        {
            content = await _content.ComposeAsync(new RenderContext(endpoint, leased.Message, delivery.Id, attemptNumber), _abortSends.Token).ConfigureAwait(false);
        }
        catch (ContentRenderException e)
        {
            // Nothing was sent and the endpoint is not to blame: no circuit, no failing streak.
            return Settle(leased, endpoint, attemptId, new SendResult { StartedAt = now, Duration = TimeSpan.Zero, ErrorClass = AttemptErrorClasses.Transformation, Error = e.Message }, endpoint.Url);
        }
        var hasFailover = !string.IsNullOrEmpty(endpoint.FailoverUrl);
        var toFailover = hasFailover && leased.RoundAttempts >= _options.FailoverAfterAttempts;
        if (!toFailover && !await PassCircuitAsync(endpoint.Id, now + timeout + _options.LeaseMargin).ConfigureAwait(false))
        {
            if (hasFailover)
            {
                // The primary is known to be down; the failover URL is there for exactly this.
                toFailover = true;
            }
            else
            {
                var (holdUntil, dueAt) = CircuitWait(endpoint.Id, now, timeout);
                _holds.Hold(endpoint.Id, holdUntil);
                await ReleaseQuietlyAsync([delivery.Id], dueAt).ConfigureAwait(false);
                return null;
            }
        }
        var target = toFailover ? endpoint with { Url = endpoint.FailoverUrl! } : endpoint;

        SendResult result;
        var span = HooklineTracing.StartAttempt(delivery.AppId, endpoint.Id, delivery.MessageId, delivery.Id, delivery.AttemptCount + 1, leased.Message.TraceParent);
        try
        {
            var request = _builder.Build(target, leased.Message, content, snapshot.ActiveSecrets(now), delivery.Id, attemptNumber, attemptId);
            result = await _sender.SendAsync(request, timeout, _abortSends.Token, startedAt: now).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A request that can't even be built (bad URL, unknown scheme) is a failed attempt, not a stuck delivery.
            result = new SendResult { StartedAt = now, Duration = TimeSpan.Zero, ErrorClass = AttemptErrorClasses.Other, Error = e.Message };
        }
        HooklineTracing.Finish(span, result.StatusCode, result.ErrorClass);
        result = ChannelResponses.Explain(endpoint.Kind, result);
        var end = _clock.GetUtcNow();
        var rateLimitWait = RateLimitWait(endpoint, leased, result);
        var decision = rateLimitWait is { } wait
            ? _stateMachine.WaitOut(wait, end)
            : _stateMachine.Decide(endpoint.RetryPolicy, leased.Trigger, leased.RoundAttempts, result.ToAttemptResult(), end);
        string? disableReason = null;
        if (rateLimitWait is null)
        {
            disableReason = await RecordOutcomeAsync(endpoint, result, toFailover, end).ConfigureAwait(false);
        }
        else
        {
            WaitOutRateLimit(endpoint, decision.NextAttemptAt ?? end);
        }
        if (!result.Succeeded)
        {
            // The cluster learns of an opening before this failure is written, so no node (this one
            // after a restart included) takes the next attempt for a probe before the opening is known.
            await _shared.FlushAsync().ConfigureAwait(false);
        }
        var disableCause = DisableCauses.Failing;
        if (result.StatusCode == 410)
        {
            disableReason = "410 Gone";
            disableCause = DisableCauses.Gone;
        }
        if (disableReason is not null)
        {
            await DisableAsync(endpoint, disableReason, disableCause, end).ConfigureAwait(false);
        }
        return Settle(leased, endpoint, attemptId, result, target.Url, decision, end, rateLimitWaited: rateLimitWait is not null);
    }

    /// <summary>The outcome of an attempt that ended with <paramref name="result"/>, decided now unless <paramref name="decision"/> is given.</summary>
    private DeliveryOutcome Settle(LeasedDelivery leased, Endpoint endpoint, string attemptId, SendResult result, string url,
        DeliveryDecision? decision = null, DateTimeOffset? end = null, bool rateLimitWaited = false)
    {
        var delivery = leased.Delivery;
        var ended = end ?? _clock.GetUtcNow();
        var decided = decision ?? _stateMachine.Decide(endpoint.RetryPolicy, leased.Trigger, leased.RoundAttempts, result.ToAttemptResult(), ended);
        var attempt = new Attempt
        {
            Id = attemptId,
            DeliveryId = delivery.Id,
            AttemptNumber = delivery.AttemptCount + 1,
            StartedAt = result.StartedAt,
            DurationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds),
            Url = url,
            StatusCode = result.StatusCode,
            ResponseBody = result.ResponseBody,
            Error = result.Error,
            ErrorClass = result.ErrorClass,
            Trigger = leased.Trigger,
        };
        // Checkpoint: the request is out, but until the writer commits this outcome the delivery is
        // still `sending` under our lease; a crash now re-sends it once the lease expires.
        var outcome = new DeliveryOutcome(delivery.Id, _options.NodeId, attempt, decided.Status, decided.NextAttemptAt, ended)
        {
            RateLimitWaited = rateLimitWaited,
            Keys = DeliveryKeys.Of(delivery),
        };
        HooklineMetrics.Attempted(delivery.AppId, endpoint.Id, decided.Status.ToWire(), result.ErrorClass, result.Duration);
        if (!rateLimitWaited)
        {
            NoteAttemptEvent(leased, endpoint, outcome);
        }
        return outcome;
    }

    /// <summary>
    /// When a delivery of an ordered endpoint that is not the head of its line may look again (just
    /// after the head's own due time, so the head is claimed first); null when it is the head.
    /// </summary>
    private async Task<DateTimeOffset?> BehindHeadAsync(Delivery delivery)
    {
        var head = await _store.Queue.FirstUnfinishedAsync(delivery.EndpointId, CancellationToken.None).ConfigureAwait(false);
        if (head is null || head.Id == delivery.Id)
        {
            return null;
        }
        var now = _clock.GetUtcNow();
        // A head being sent elsewhere has no known end; look again after a poll interval.
        var headDue = head.Status == DeliveryStatus.Sending ? now + _options.PollInterval : head.NextAttemptAt ?? now;
        return (headDue < now ? now : headDue) + TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Makes sure no other node can claim the delivery before <paramref name="sendEnd"/> (the end of
    /// its timeout plus the margin): a lease that would end sooner is extended in the store first.
    /// The lease need not outlast queueing and timeouts when claimed; heartbeats take over a dead
    /// node's work, and a live node extends what it sends. False when the lease is no longer this
    /// node's: the delivery was taken over and must not be sent from here.
    /// </summary>
    private async Task<bool> LeaseCoversSendAsync(LeasedWork work, DateTimeOffset sendEnd)
    {
        if (sendEnd <= work.LeaseUntil)
        {
            return true;
        }
        try
        {
            if (await _store.Leases.ExtendAsync(_options.NodeId, work.DeliveryId, sendEnd, CancellationToken.None).ConfigureAwait(false))
            {
                return true;
            }
            _logger.LogWarning("The lease of delivery {Delivery} was taken over before it could be sent; leaving it to its new owner", work.DeliveryId);
            return false;
        }
        catch (Exception e)
        {
            // Unsure whether it is still ours: give it back rather than risk two senders.
            _logger.LogWarning(e, "Extending the lease of delivery {Delivery} failed; giving it back", work.DeliveryId);
            await ReleaseQuietlyAsync([work.DeliveryId], _clock.GetUtcNow()).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Whether the endpoint's circuit lets an attempt out now. A probe due on this node's circuit is
    /// taken in the store first, so one node in the cluster probes; refused there, the circuit has
    /// taken over what the store says (probe elsewhere, reopened or closed) and is asked again.
    /// </summary>
    private async Task<bool> PassCircuitAsync(string endpointId, DateTimeOffset probeUntil)
    {
        var circuit = _circuits.Get(endpointId);
        if (circuit.Snapshot().State == CircuitState.HalfOpen
            && !await _shared.TryTakeProbeAsync(endpointId, probeUntil).ConfigureAwait(false))
        {
            return circuit.State == CircuitState.Closed && circuit.TryAcquire();
        }
        return circuit.TryAcquire();
    }

    /// <summary>How long an endpoint whose circuit refused an attempt is left out of claims, and when the refused delivery is due.</summary>
    private (DateTimeOffset HoldUntil, DateTimeOffset DueAt) CircuitWait(string endpointId, DateTimeOffset now, TimeSpan timeout)
    {
        var circuit = _circuits.Get(endpointId).Snapshot();
        if (circuit.NextProbeAt is { } probe && probe > now)
        {
            return (probe, probe);
        }
        // Half-open with its probe out: the probe ends within its timeout and its outcome lifts the
        // hold, so the delivery is due soon and goes as soon as the circuit closes.
        return (now + timeout + _options.LeaseMargin, now + _options.PollInterval);
    }

    private async Task DisableAsync(Endpoint endpoint, string reason, string cause, DateTimeOffset now)
    {
        try
        {
            // Re-read so a concurrent edit of the endpoint is not overwritten with the cached copy.
            var current = await _store.Endpoints.FindAsync(endpoint.Id).ConfigureAwait(false);
            if (current is { Disabled: false })
            {
                var disabled = current with { Disabled = true, DisabledReason = reason, UpdatedAt = now };
                await _store.Endpoints.UpdateAsync(disabled, now).ConfigureAwait(false);
                _logger.LogWarning("Endpoint {Endpoint} was disabled: {Reason}", endpoint.Id, reason);
                EmitDisabled(disabled, reason, cause, now);
            }
            // Re-enabled later, it starts afresh: a new streak and a closed circuit.
            await _shared.ForgetAsync(endpoint.Id).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Disabling endpoint {Endpoint} ({Reason}) failed", endpoint.Id, reason);
        }
        finally
        {
            _cache.Invalidate(endpoint.Id);
        }
    }
}
