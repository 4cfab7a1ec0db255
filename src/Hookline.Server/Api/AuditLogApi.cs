using Hookline.Core.Audit;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record AuditEntryResponse(
    string Id, string Actor, string? AppId, string Action, string TargetType, string? TargetId, string Method, string Path, int StatusCode,
    IReadOnlyList<string> Fields, DateTimeOffset CreatedAt)
{
    public static AuditEntryResponse From(AuditEntry e) =>
        new(e.Id, e.Actor, e.AppId, e.Action, e.TargetType, e.TargetId, e.Method, e.Path, e.StatusCode, e.Fields, e.CreatedAt);
}

public static class AuditLogApi
{
    public static RouteGroupBuilder MapAuditLogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-log", ListAsync).WithTags("Audit log")
            .WithSummary("Every change made through the API, newest first: who (key id), what, target, when, and the names of the fields sent (filters: actor, target_id, app_id, since, until). An app-scoped key sees its own app's entries");
        return api;
    }

    private static async Task<Ok<ListResponse<AuditEntryResponse>>> ListAsync(string? actor, string? target_id, string? app_id, string? since, string? until,
        int? limit, string? iterator, int? offset, HttpContext context)
    {
        var caller = context.Caller();
        var store = context.RequestServices.GetRequiredService<IHooklineStore>();
        var appId = app_id;
        if (!caller.IsAdmin)
        {
            if (appId is not null && appId != caller.AppId)
            {
                throw ApiProblem.NotFound("app", appId);
            }
            appId = caller.AppId;
        }
        var query = new AuditQuery(actor, target_id, appId, Fields.Time("since", since), Fields.Time("until", until));
        DeliveriesApi.CheckRange(query.Since, query.Until);
        var page = await store.Audit.ListAsync(query, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(AuditEntryResponse.From));
    }
}
