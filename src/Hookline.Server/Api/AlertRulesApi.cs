using System.Globalization;
using System.Text.Json;
using Hookline.Core.Alerts;
using Hookline.Core.Ids;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

/// <param name="Period">Seconds as a number, or text such as <c>"5m"</c>, <c>"1h"</c>, <c>"30s"</c>, <c>"1d"</c>.</param>
public sealed record AlertRuleRequest(string? Metric, double? Threshold, JsonElement? Period, string? EndpointId = null);

public sealed record AlertRuleResponse(
    string Id, string AppId, string Metric, double Threshold, int PeriodSeconds, string? EndpointId, string State, double? LastValue,
    DateTimeOffset? EvaluatedAt, DateTimeOffset? ChangedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AlertRuleResponse From(AlertRule r) => new(
        r.Id, r.AppId, r.Metric, r.Threshold, (int)r.Period.TotalSeconds, r.EndpointId, r.State, r.LastValue, r.EvaluatedAt, r.ChangedAt, r.CreatedAt, r.UpdatedAt);
}

public static class AlertRulesApi
{
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapAlertRulesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/alert-rules").WithTags("Alert rules");
        group.MapPost("/", CreateAsync).WithSummary("Create an alert rule {metric: failure_rate|latency_p95|backlog, threshold, period, endpoint_id?}; crossing and recovering publish alert.firing / alert.resolved operational events");
        group.MapGet("/", ListAsync).WithSummary("List the app's alert rules with their state");
        group.MapGet("/{rule}", GetAsync).WithSummary("An alert rule with its state and last measured value");
        group.MapPatch("/{rule}", UpdateAsync).WithSummary("Change an alert rule (any of metric, threshold, period, endpoint_id)");
        group.MapDelete("/{rule}", DeleteAsync).WithSummary("Delete an alert rule");
        return api;
    }

    private static async Task<Created<AlertRuleResponse>> CreateAsync(string app, AlertRuleRequest request, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var period = await CheckAsync(request, owner.Id, store, context.RequestAborted, partial: false);
        var now = clock.GetUtcNow();
        var rule = new AlertRule
        {
            Id = IdGenerator.New(IdPrefix.AlertRule, clock),
            AppId = owner.Id,
            Metric = request.Metric!,
            Threshold = request.Threshold!.Value,
            Period = period!.Value,
            EndpointId = request.EndpointId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AlertRules.CreateAsync(rule, context.RequestAborted);
        return TypedResults.Created($"/api/v1/apps/{owner.Id}/alert-rules/{rule.Id}", AlertRuleResponse.From(rule));
    }

    private static async Task<Ok<ListResponse<AlertRuleResponse>>> ListAsync(string app, int? limit, string? iterator, int? offset, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var page = await store.AlertRules.ListAsync(owner.Id, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(AlertRuleResponse.From));
    }

    private static async Task<Ok<AlertRuleResponse>> GetAsync(string app, string rule, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var found = await store.AlertRules.GetAsync(owner.Id, rule, context.RequestAborted) ?? throw ApiProblem.NotFound("alert rule", rule);
        return TypedResults.Ok(AlertRuleResponse.From(found));
    }

    private static async Task<Ok<AlertRuleResponse>> UpdateAsync(string app, string rule, AlertRuleRequest request, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var found = await store.AlertRules.GetAsync(owner.Id, rule, context.RequestAborted) ?? throw ApiProblem.NotFound("alert rule", rule);
        var merged = request with
        {
            Metric = request.Metric ?? found.Metric,
            Threshold = request.Threshold ?? found.Threshold,
            EndpointId = request.EndpointId ?? found.EndpointId,
        };
        var period = await CheckAsync(merged, owner.Id, store, context.RequestAborted, partial: true) ?? found.Period;
        var changedDefinition = merged.Metric != found.Metric || merged.EndpointId != found.EndpointId;
        var updated = found with
        {
            Metric = merged.Metric!,
            Threshold = merged.Threshold!.Value,
            Period = period,
            EndpointId = merged.EndpointId,
            // A rule measuring something else starts again from ok, so its first crossing is reported.
            State = changedDefinition ? AlertStates.Ok : found.State,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.AlertRules.UpdateAsync(updated, context.RequestAborted);
        return TypedResults.Ok(AlertRuleResponse.From(updated));
    }

    private static async Task<NoContent> DeleteAsync(string app, string rule, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        if (!await store.AlertRules.DeleteAsync(owner.Id, rule, context.RequestAborted))
        {
            throw ApiProblem.NotFound("alert rule", rule);
        }
        return TypedResults.NoContent();
    }

    /// <summary>Checks the rule's fields; returns the period, or null when a partial request left it out.</summary>
    private static async Task<TimeSpan?> CheckAsync(AlertRuleRequest request, string appId, IHooklineStore store, CancellationToken ct, bool partial)
    {
        var v = new Validator();
        v.Check(request.Metric is not null && AlertMetrics.All.Contains(request.Metric), "metric", "is required: one of failure_rate, latency_p95, backlog");
        if (request.Threshold is not { } threshold)
        {
            v.Add("threshold", "is required: a number");
        }
        else if (request.Metric == AlertMetrics.FailureRate)
        {
            v.Check(threshold is >= 0 and < 1, "threshold", "for failure_rate is a share of attempts, from 0 up to (not including) 1");
        }
        else
        {
            v.Check(threshold >= 0, "threshold", "must be 0 or more (ms for latency_p95, deliveries for backlog)");
        }
        TimeSpan? period = null;
        if (request.Period is { ValueKind: not JsonValueKind.Null } raw)
        {
            // Text that can't be decoded (invalid UTF-8, a lone surrogate) is named by FreeJson and not parsed.
            var readable = new Validator();
            FreeJson.Check(readable, "period", raw);
            period = readable.IsValid ? ParsePeriod(raw) : null;
            v.Check(readable.IsValid, "period", "must be valid text: UTF-8, with no lone surrogate escape such as \\ud800");
            v.Check(!readable.IsValid || period is { } p && p >= MinPeriod && p <= MaxPeriod, "period", "seconds (a number) or text like \"5m\", \"1h\", \"1d\"; from 1 minute to 30 days");
        }
        else if (!partial)
        {
            v.Add("period", "is required: seconds (a number) or text like \"5m\", \"1h\", \"1d\"");
        }
        if (request.EndpointId is { } endpointId && await store.Endpoints.GetAsync(appId, endpointId, ct) is null)
        {
            v.Add("endpoint_id", $"endpoint '{endpointId}' does not exist in this app");
        }
        v.ThrowIfInvalid();
        return period;
    }

    private static TimeSpan? ParsePeriod(JsonElement raw)
    {
        if (raw.ValueKind == JsonValueKind.Number && raw.TryGetDouble(out var seconds) && double.IsFinite(seconds) && seconds is > 0 and < 1e9)
        {
            return TimeSpan.FromSeconds(Math.Round(seconds));
        }
        if (raw.ValueKind != JsonValueKind.String || raw.GetString() is not { Length: >= 2 and <= 12 } text)
        {
            return null;
        }
        if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount <= 0 || amount > 1e6)
        {
            return null;
        }
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
