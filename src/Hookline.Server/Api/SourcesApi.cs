using Hookline.Core.Inbound;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class SourcesApi
{
    public static RouteGroupBuilder MapSourcesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/sources").WithTags("Sources");
        group.MapPost("/", CreateAsync).WithSummary("Create an inbound source; the answer carries its ingest_url and, once, its secret");
        group.MapGet("/", ListAsync).WithSummary("List an app's sources");
        group.MapGet("/{source}", GetAsync).WithSummary("Get a source with its counters (requests by outcome)");
        group.MapPatch("/{source}", PatchAsync).Accepts<SourceInput>("application/json").WithSummary("Update a source (absent fields stay, null resets)");
        group.MapDelete("/{source}", DeleteAsync).WithSummary("Delete a source; its events stay");
        group.MapGet("/{source}/requests", RequestsAsync).WithSummary("Recent requests, accepted and refused, with outcome and reason (headers without secrets)");
        group.MapPost("/{source}/secret/rotate", RotateSecretAsync).WithSummary("Rotate the verification secret; the old one stays valid for a grace period (default 24 h)");
        return api;
    }

    private static async Task<Created<SourceResponse>> CreateAsync(string app, SourceInput request, HttpContext context, SourceService sources,
        InboundBaseUrl baseUrl)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var (source, secret) = await sources.CreateAsync(owner.Id, request, context.RequestAborted);
        return TypedResults.Created($"/api/v1/apps/{owner.Id}/sources/{source.Id}", SourceResponse.From(source, baseUrl.For(context), secret));
    }

    private static async Task<Ok<ListResponse<SourceResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store, InboundBaseUrl baseUrl,
        int? limit, string? iterator)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var page = await store.Sources.ListAsync(owner.Id, Paging.Read(limit, iterator), context.RequestAborted);
        var url = baseUrl.For(context);
        return TypedResults.Ok(page.ToResponse(s => SourceResponse.From(s, url)));
    }

    private static async Task<Ok<SourceResponse>> GetAsync(string app, string source, HttpContext context, IHooklineStore store, InboundBaseUrl baseUrl)
    {
        var found = await ResolveAsync(context, store, app, source);
        var counters = await store.InboundEvents.CountersAsync(found.Id, context.RequestAborted);
        return TypedResults.Ok(SourceResponse.From(found, baseUrl.For(context), counters: counters));
    }

    private static async Task<Ok<SourceResponse>> PatchAsync(string app, string source, HttpContext context, IHooklineStore store, SourceService sources,
        InboundBaseUrl baseUrl)
    {
        var existing = await ResolveAsync(context, store, app, source);
        var patch = await PatchBody<SourceInput>.ReadAsync(context);
        var (updated, secret) = await sources.UpdateAsync(existing, patch.Value, patch.Has, context.RequestAborted);
        return TypedResults.Ok(SourceResponse.From(updated, baseUrl.For(context), secret));
    }

    private static async Task<NoContent> DeleteAsync(string app, string source, HttpContext context, IHooklineStore store)
    {
        var existing = await ResolveAsync(context, store, app, source);
        await store.Sources.DeleteAsync(existing.AppId, existing.Id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ListResponse<InboundRequestResponse>>> RequestsAsync(string app, string source, HttpContext context, IHooklineStore store,
        int? limit, string? iterator)
    {
        var existing = await ResolveAsync(context, store, app, source);
        var page = await store.InboundEvents.ListRequestsAsync(existing.Id, Paging.Read(limit, iterator), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(InboundRequestResponse.From));
    }

    private static async Task<Ok<SourceSecretResponse>> RotateSecretAsync(string app, string source, SourceSecretRotateRequest? request, HttpContext context,
        IHooklineStore store, SourceService sources)
    {
        var existing = await ResolveAsync(context, store, app, source);
        var grace = request?.GracePeriodSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var secret = await sources.RotateSecretAsync(existing, request?.Secret, grace, context.RequestAborted);
        return TypedResults.Ok(new SourceSecretResponse(secret));
    }

    public static async Task<Source> ResolveAsync(HttpContext context, IHooklineStore store, string app, string source)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        return await store.Sources.GetAsync(owner.Id, source, context.RequestAborted) ?? throw ApiProblem.NotFound("source", source);
    }
}
