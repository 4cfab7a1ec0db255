using Hookline.Core.Analytics;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class AnalyticsApi
{
    /// <summary>The longest range one query may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/analytics").WithTags("Analytics");
        group.MapGet("/overview", OverviewAsync).WithSummary(
            "Messages, deliveries, success rate, p50/p95/p99 latency, errors by class and status, per endpoint and per event type (since/until: ISO 8601, default the last 24 h; widened to whole minutes)");
        group.MapGet("/trends", TrendsAsync).WithSummary(
            "One point per interval (minute, hour or day; default hour) between since and until, at most 1500 points");
        return api;
    }

    private static async Task<Ok<AnalyticsOverview>> OverviewAsync(string app, string? since, string? until, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var (from, to) = Range(since, until, clock);
        return TypedResults.Ok(await new AnalyticsService(store.Analytics).OverviewAsync(owner.Id, from, to, context.RequestAborted));
    }

    private static async Task<Ok<AnalyticsTrends>> TrendsAsync(string app, string? since, string? until, string? interval, HttpContext context,
        IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var (from, to) = Range(since, until, clock);
        interval ??= "hour";
        if (!AnalyticsService.Intervals.ContainsKey(interval))
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["interval"] = ["one of minute, hour, day"] });
        }
        if (AnalyticsService.PointCount(from, to, interval) > AnalyticsService.MaxPoints)
        {
            throw new ValidationProblem(new Dictionary<string, string[]>
            {
                ["interval"] = [$"gives more than {AnalyticsService.MaxPoints} points over this range; use a coarser interval or a shorter range"],
            });
        }
        return TypedResults.Ok(await new AnalyticsService(store.Analytics).TrendsAsync(owner.Id, from, to, interval, context.RequestAborted));
    }

    private static (DateTimeOffset Since, DateTimeOffset Until) Range(string? since, string? until, TimeProvider clock)
    {
        var to = Fields.Time("until", until) ?? clock.GetUtcNow();
        var from = Fields.Time("since", since) ?? to - TimeSpan.FromDays(1);
        if (to <= from)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["must be later than since"] });
        }
        if (to - from > MaxRange)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["since"] = [$"the range may span at most {MaxRange.TotalDays} days"] });
        }
        return (from, to);
    }
}
