using Hookline.Core.Analytics;
using Hookline.Core.Operations;
using Hookline.Core.Storage;

namespace Hookline.Core.Alerts;

/// <summary>
/// Evaluates every alert rule against the rollups (failure rate, p95 latency) or the queue
/// (backlog), and reports each crossing and recovery once, as an operational event. The state is
/// stored with the rule, so a restart or another node taking over does not report a crossing twice.
/// </summary>
public sealed class AlertEvaluator(IHooklineStore store, IOperationalEvents events, TimeProvider clock)
{
    /// <summary>When each backlog rule was first seen above its threshold (backlog must stay above for the period).</summary>
    private readonly Dictionary<string, DateTimeOffset> _backlogAboveSince = new(StringComparer.Ordinal);

    /// <summary>Evaluates every rule once; returns how many changed state.</summary>
    public async Task<int> EvaluateAllAsync(CancellationToken ct)
    {
        var changed = 0;
        foreach (var rule in await store.AlertRules.ListAllAsync(ct).ConfigureAwait(false))
        {
            if (await EvaluateAsync(rule, ct).ConfigureAwait(false))
            {
                changed++;
            }
        }
        return changed;
    }

    public async Task<bool> EvaluateAsync(AlertRule rule, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var value = await MeasureAsync(rule, now, ct).ConfigureAwait(false);
        var above = value is { } v && v > rule.Threshold;
        if (rule.Metric == AlertMetrics.Backlog)
        {
            above = BacklogHeld(rule, above, now);
        }
        var state = above ? AlertStates.Firing : AlertStates.Ok;
        var changed = state != rule.State;
        await store.AlertRules.SaveStateAsync(rule.Id, state, value, now, changed ? now : null, ct).ConfigureAwait(false);
        if (changed && events.Enabled)
        {
            string? url = null;
            if (rule.EndpointId is not null)
            {
                url = (await store.Endpoints.FindAsync(rule.EndpointId, ct).ConfigureAwait(false))?.Url;
            }
            events.Emit(OperationalEvent.ForAlert(
                above ? OperationalEventTypes.AlertFiring : OperationalEventTypes.AlertResolved,
                rule.AppId, rule.EndpointId, url,
                new AlertDetails { RuleId = rule.Id, Metric = rule.Metric, Threshold = rule.Threshold, PeriodSeconds = (int)rule.Period.TotalSeconds, Value = value },
                now));
        }
        return changed;
    }

    /// <summary>The rule's figure now: over the trailing period from the rollups, or the current backlog.</summary>
    public async Task<double?> MeasureAsync(AlertRule rule, DateTimeOffset now, CancellationToken ct)
    {
        if (rule.Metric == AlertMetrics.Backlog)
        {
            return await store.AlertRules.BacklogAsync(rule.AppId, rule.EndpointId, ct).ConfigureAwait(false);
        }
        var (from, to) = AnalyticsService.Align(now - rule.Period, now);
        var rows = await store.Analytics.AttemptsByKeyAsync(rule.AppId, AnalyticsGrain.Cover(from, to), ct).ConfigureAwait(false);
        var relevant = rows.Where(r => rule.EndpointId is null || r.EndpointId == rule.EndpointId).ToList();
        var attempts = relevant.Sum(r => r.Attempts);
        if (attempts == 0)
        {
            return null;
        }
        if (rule.Metric == AlertMetrics.FailureRate)
        {
            return Math.Round((double)relevant.Sum(r => r.Failed) / attempts, 4);
        }
        var latency = new long[LatencyBuckets.Count];
        foreach (var r in relevant)
        {
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] += r.Latency[i];
            }
        }
        return LatencyBuckets.Percentile(latency, 0.95);
    }

    private bool BacklogHeld(AlertRule rule, bool above, DateTimeOffset now)
    {
        lock (_backlogAboveSince)
        {
            if (!above)
            {
                _backlogAboveSince.Remove(rule.Id);
                return false;
            }
            if (rule.State == AlertStates.Firing)
            {
                return true;
            }
            if (!_backlogAboveSince.TryGetValue(rule.Id, out var since))
            {
                _backlogAboveSince[rule.Id] = since = now;
            }
            return now - since >= rule.Period;
        }
    }
}
