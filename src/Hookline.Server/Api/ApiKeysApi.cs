using Hookline.Core.Ids;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record ApiKeyCreateRequest(string? Name);

public sealed record ApiKeyResponse(string Id, string Name, string? AppId, string Hint, DateTimeOffset CreatedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.Id, k.Name, k.AppId, k.Hint, k.CreatedAt);
}

/// <summary>The key itself is shown once, in the answer to create; only its hash is stored.</summary>
public sealed record ApiKeyCreatedResponse(string Id, string Name, string? AppId, string Key, DateTimeOffset CreatedAt);

public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/api-keys").WithTags("API keys");
        group.MapPost("/", CreateAsync).WithSummary("Create an API key scoped to this app; the key is shown once");
        group.MapGet("/", ListAsync).WithSummary("List the app's API keys (hints only)");
        group.MapDelete("/{key}", DeleteAsync).WithSummary("Revoke an API key");
        return api;
    }

    private static async Task<Created<ApiKeyCreatedResponse>> CreateAsync(string app, ApiKeyCreateRequest request, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var v = new Validator();
        v.Check(request.Name is { Length: > 0 and <= Fields.MaxNameLength }, "name", $"is required, 1–{Fields.MaxNameLength} characters");
        v.ThrowIfInvalid();
        var key = ApiKeys.Generate();
        var record = new ApiKey
        {
            Id = IdGenerator.New(IdPrefix.ApiKey, clock),
            Name = request.Name!,
            AppId = owner.Id,
            KeyHash = ApiKeys.Hash(key),
            Hint = key[..7] + "…",
            CreatedAt = clock.GetUtcNow(),
        };
        await store.ApiKeys.CreateAsync(record, context.RequestAborted);
        IdempotencyReplayGuard.RequireApiKey(context, record.Id);
        return TypedResults.Created($"/api/v1/apps/{owner.Id}/api-keys/{record.Id}",
            new ApiKeyCreatedResponse(record.Id, record.Name, record.AppId, key, record.CreatedAt));
    }

    private static async Task<Ok<ListResponse<ApiKeyResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var keys = await store.ApiKeys.ListAsync(owner.Id, context.RequestAborted);
        return TypedResults.Ok(new ListResponse<ApiKeyResponse>(keys.Select(ApiKeyResponse.From).ToList(), null, true));
    }

    private static async Task<NoContent> DeleteAsync(string app, string key, HttpContext context, IHooklineStore store, ApiKeyAuthenticator authenticator)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var keys = await store.ApiKeys.ListAsync(owner.Id, context.RequestAborted);
        if (keys.All(k => k.Id != key))
        {
            throw ApiProblem.NotFound("API key", key);
        }
        await store.ApiKeys.DeleteAsync(key, context.RequestAborted);
        authenticator.Forget();
        return TypedResults.NoContent();
    }
}
