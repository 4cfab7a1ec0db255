using Hookline.Core.Apps;
using Hookline.Core.Ids;
using Hookline.Core.Operations;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Hookline.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

public sealed record AppCreateRequest(string? Name, string? Uid = null, Dictionary<string, string>? Metadata = null, string? Environment = null);

public sealed record AppPatchRequest(string? Name = null, string? Uid = null, Dictionary<string, string>? Metadata = null, string? Environment = null);

public sealed record AppResponse(string Id, string? Uid, string Name, IReadOnlyDictionary<string, string> Metadata, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? Environment = null)
{
    public static AppResponse From(App a) => new(a.Id, a.Uid, a.Name, a.Metadata, a.CreatedAt, a.UpdatedAt, a.Environment);
}

public static class AppsApi
{
    public static RouteGroupBuilder MapAppsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps").WithTags("Apps");
        group.MapPost("/", CreateAsync).WithSummary("Create an app (admin key)");
        group.MapGet("/", ListAsync).WithSummary("List apps");
        group.MapGet("/{app}", GetAsync).WithSummary("Get an app by id or uid");
        group.MapPatch("/{app}", PatchAsync).Accepts<AppPatchRequest>("application/json").WithSummary("Update an app");
        group.MapDelete("/{app}", DeleteAsync).WithSummary("Delete an app and everything in it (admin key)");
        return api;
    }

    private static async Task<Created<AppResponse>> CreateAsync(AppCreateRequest request, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        context.RequireAdmin();
        var v = new Validator();
        v.Check(request.Name is { Length: > 0 and <= Fields.MaxNameLength }, "name", $"is required, 1–{Fields.MaxNameLength} characters");
        Fields.Uid(v, request.Uid);
        Fields.Metadata(v, "metadata", request.Metadata);
        Environment(v, "environment", request.Environment);
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var app = new App
        {
            Id = IdGenerator.New(IdPrefix.App, clock),
            Name = request.Name!,
            Uid = request.Uid,
            Environment = request.Environment,
            Metadata = request.Metadata ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await store.Apps.CreateAsync(app, context.RequestAborted);
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"an app with uid '{request.Uid}' already exists");
        }
        return TypedResults.Created($"/api/v1/apps/{app.Id}", AppResponse.From(app));
    }

    private static async Task<Ok<ListResponse<AppResponse>>> ListAsync(HttpContext context, IHooklineStore store, int? limit, string? iterator, string? environment, int? offset)
    {
        var v = new Validator();
        Environment(v, "environment", environment);
        v.ThrowIfInvalid();
        var caller = context.Caller();
        if (!caller.IsAdmin)
        {
            var own = await store.Apps.GetAsync(caller.AppId!, context.RequestAborted);
            own = environment is null || own?.Environment == environment ? own : null;
            return TypedResults.Ok(new ListResponse<AppResponse>(own is null ? [] : [AppResponse.From(own)], null, true));
        }
        var page = await store.Apps.ListAsync(Paging.Read(limit, iterator, offset), context.RequestAborted, environment);
        return TypedResults.Ok(page.ToResponse(AppResponse.From));
    }

    private static async Task<Ok<AppResponse>> GetAsync(string app, HttpContext context) =>
        TypedResults.Ok(AppResponse.From(await AppScope.ResolveAsync(context, app)));

    private static async Task<Ok<AppResponse>> PatchAsync(string app, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var existing = await AppScope.ResolveAsync(context, app);
        var patch = await PatchBody<AppPatchRequest>.ReadAsync(context);
        var body = patch.Value;
        var v = new Validator();
        if (patch.Has("name"))
        {
            v.Check(body.Name is { Length: > 0 and <= Fields.MaxNameLength }, "name", $"1–{Fields.MaxNameLength} characters; it can't be null");
        }
        Fields.Uid(v, body.Uid);
        Fields.Metadata(v, "metadata", body.Metadata);
        Environment(v, "environment", body.Environment);
        v.ThrowIfInvalid();
        if (patch.Has("uid") && !context.Caller().IsAdmin && body.Uid is { } uid && uid == ReservedUid(context) && existing.Uid != uid)
        {
            throw ApiProblem.Conflict($"the uid '{uid}' is reserved for the operations app (Hookline:OperationsApp)");
        }
        var updated = existing with
        {
            Environment = patch.Has("environment") ? body.Environment : existing.Environment,
            Name = patch.Has("name") ? body.Name! : existing.Name,
            Uid = patch.Has("uid") ? body.Uid : existing.Uid,
            Metadata = patch.Has("metadata") ? body.Metadata ?? [] : existing.Metadata,
            UpdatedAt = clock.GetUtcNow(),
        };
        try
        {
            await store.Apps.UpdateAsync(updated, context.RequestAborted);
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"an app with uid '{body.Uid}' already exists");
        }
        return TypedResults.Ok(AppResponse.From(updated));
    }

    private static void Environment(Validator v, string field, string? environment) =>
        v.Check(environment is null || AppEnvironments.All.Contains(environment), field, $"one of {string.Join(", ", AppEnvironments.All)}");

    private static async Task<NoContent> DeleteAsync(string app, HttpContext context, IHooklineStore store, ApiKeyAuthenticator authenticator,
        IOperationalEvents events, TimeProvider clock)
    {
        context.RequireAdmin();
        var existing = await AppScope.ResolveAsync(context, app);
        var endpoints = events.Enabled ? await AllEndpointsAsync(store, existing.Id, context.RequestAborted) : [];
        if (await store.Apps.DeleteAsync(existing.Id, context.RequestAborted))
        {
            // The app's keys went with it: no cached answer may keep them working.
            authenticator.Forget();
            var now = clock.GetUtcNow();
            foreach (var endpoint in endpoints)
            {
                events.Emit(OperationalEvent.EndpointDeleted(endpoint, now));
            }
        }
        return TypedResults.NoContent();
    }

    private static async Task<List<Endpoint>> AllEndpointsAsync(IHooklineStore store, string appId, CancellationToken ct)
    {
        var all = new List<Endpoint>();
        var page = new PageRequest(PageRequest.MaxLimit);
        while (true)
        {
            var found = await store.Endpoints.ListAsync(appId, page, ct);
            all.AddRange(found.Data);
            if (found.Done || found.Iterator is null)
            {
                return all;
            }
            page = page with { After = found.Iterator };
        }
    }

    private static string? ReservedUid(HttpContext context) => context.RequestServices.GetService<OperationsAppPublisher>()?.ReservedUid;
}

/// <summary>Resolves the <c>{app}</c> of a route (id or uid) and enforces the caller's scope.</summary>
public static class AppScope
{
    public static async Task<App> ResolveAsync(HttpContext context, string idOrUid)
    {
        var caller = context.Caller();
        var app = await context.RequestServices.GetRequiredService<AppDirectory>().FindAsync(context, idOrUid);
        // Another tenant's app answers exactly like a missing one, so scoped keys learn nothing.
        if (app is null || (!caller.IsAdmin && caller.AppId != app.Id))
        {
            throw ApiProblem.NotFound("app", idOrUid);
        }
        return app;
    }
}
