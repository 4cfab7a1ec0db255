using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Ids;
using Hookline.Core.Operations;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

public static class EndpointsApi
{
    public static RouteGroupBuilder MapEndpointsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/endpoints").WithTags("Endpoints");
        group.MapPost("/", CreateAsync).WithSummary("Create an endpoint; the answer carries its secret");
        group.MapGet("/", ListAsync).WithSummary("List an app's endpoints");
        group.MapGet("/{endpoint}", GetAsync).WithSummary("Get an endpoint");
        group.MapPatch("/{endpoint}", PatchAsync).Accepts<EndpointRequest>("application/json").WithSummary("Update an endpoint (absent fields stay, null resets)");
        group.MapDelete("/{endpoint}", DeleteAsync).WithSummary("Delete an endpoint; its unfinished deliveries are skipped");
        group.MapGet("/{endpoint}/secret", GetSecretAsync).WithSummary("Get the endpoint's current signing secret");
        group.MapPost("/{endpoint}/secret/rotate", RotateSecretAsync).WithSummary("Rotate the secret; the old one keeps signing for a grace period (default 24 h): beside the new one under Standard Webhooks, alone under single-signature schemes");
        group.MapGet("/{endpoint}/stats", StatsAsync).WithSummary("Delivery counts by status and the last attempt");
        return api;
    }

    private static async Task<Created<EndpointResponse>> CreateAsync(string app, EndpointRequest request, HttpContext context,
        TimeProvider clock, EndpointTargetCheck targets, EndpointService endpoints)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var present = PresentFields(request);
        EndpointRules.Validate(request, present.Contains, creating: true, targets.Check);
        var draft = EndpointRules.Apply(endpoints.NewDraft(owner.Id, request.Url!), request, present.Contains, clock.GetUtcNow());
        var created = await endpoints.CreateAsync(draft, request.Secret, context.RequestAborted);
        return TypedResults.Created($"/api/v1/apps/{owner.Id}/endpoints/{created.Endpoint.Id}",
            EndpointResponse.From(created.Endpoint, SecretFormat.ForReceiver(created.Secret)));
    }

    private static async Task<Ok<ListResponse<EndpointResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store, int? limit, string? iterator, int? offset)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var page = await store.Endpoints.ListAsync(owner.Id, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(e => EndpointResponse.From(e)));
    }

    private static async Task<Ok<EndpointResponse>> GetAsync(string app, string endpoint, HttpContext context, IHooklineStore store, ICircuitStates circuits)
    {
        var found = await ResolveAsync(context, store, app, endpoint);
        return TypedResults.Ok(EndpointResponse.From(found) with { Circuit = CircuitResponse.For(circuits, found.Id) });
    }

    private static async Task<Ok<EndpointResponse>> PatchAsync(string app, string endpoint, HttpContext context, IHooklineStore store,
        TimeProvider clock, EndpointTargetCheck targets, EndpointService endpoints)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var patch = await PatchBody<EndpointRequest>.ReadAsync(context);
        if (patch.Has("secret"))
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["secret"] = ["change the secret with POST …/secret/rotate"] });
        }
        EndpointRules.Validate(patch.Value, patch.Has, creating: false, targets.Check);
        var updated = EndpointRules.Apply(existing, patch.Value, patch.Has, clock.GetUtcNow());
        return TypedResults.Ok(EndpointResponse.From(await endpoints.UpdateAsync(existing, updated, "API", context.RequestAborted)));
    }

    private static async Task<NoContent> DeleteAsync(string app, string endpoint, HttpContext context, IHooklineStore store, TimeProvider clock,
        IOperationalEvents events)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var now = clock.GetUtcNow();
        if (await store.Endpoints.DeleteAsync(existing.AppId, existing.Id, now, context.RequestAborted))
        {
            events.Emit(OperationalEvent.EndpointDeleted(existing, now));
        }
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SecretResponse>> GetSecretAsync(string app, string endpoint, HttpContext context, IHooklineStore store)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var secrets = await store.Endpoints.GetSecretsAsync(existing.Id, context.RequestAborted);
        return TypedResults.Ok(SecretResponse.For(secrets[0].Value));
    }

    private static async Task<Ok<SecretRotateResponse>> RotateSecretAsync(string app, string endpoint, SecretRotateRequest? request, HttpContext context,
        IHooklineStore store, EndpointService endpoints)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        // Out of range (or not a number) stays out of range, for the service to refuse, without overflowing a TimeSpan first.
        var grace = request?.GracePeriodSeconds is { } seconds
            ? seconds >= 0 && seconds <= SecretRotation.MaxGrace.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MinValue
            : (TimeSpan?)null;
        var rotated = await endpoints.RotateSecretAsync(existing, request?.Secret, grace, context.RequestAborted);
        var shown = SecretResponse.For(rotated.Secret);
        return TypedResults.Ok(new SecretRotateResponse(shown.Secret, rotated.PreviousExpiresAt, rotated.SignsFrom, shown.PublicKey));
    }

    private static async Task<Ok<EndpointStatsResponse>> StatsAsync(string app, string endpoint, HttpContext context, IHooklineStore store, ICircuitStates circuits)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var s = await store.Deliveries.GetEndpointStatsAsync(existing.Id, context.RequestAborted);
        return TypedResults.Ok(new EndpointStatsResponse(s.Pending, s.Sending, s.Succeeded, s.Failed, s.Dead, s.Skipped, s.LastAttemptAt, s.LastStatusCode,
            CircuitResponse.For(circuits, existing.Id)));
    }

    public static async Task<Endpoint> ResolveAsync(HttpContext context, IHooklineStore store, string app, string endpoint)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        return await store.Endpoints.GetAsync(owner.Id, endpoint, context.RequestAborted) ?? throw ApiProblem.NotFound("endpoint", endpoint);
    }

    private static readonly (string Name, System.Reflection.PropertyInfo Property)[] RequestFields = typeof(EndpointRequest).GetProperties()
        .Select(p => (System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p))
        .ToArray();

    /// <summary>
    /// The fields a create request set. Read off the properties, not by serializing the request: that
    /// would throw on values not yet validated (a lone surrogate in a transformation, say).
    /// </summary>
    private static HashSet<string> PresentFields(EndpointRequest r) => RequestFields
        .Where(f => f.Property.GetValue(r) is not (null or System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Null }))
        .Select(f => f.Name)
        .ToHashSet(StringComparer.Ordinal);
}

/// <summary>Refuses endpoint URLs whose target is forbidden (e.g. a literal private address); null means allowed.</summary>
public sealed class EndpointTargetCheck(Func<Uri, string?> check)
{
    public string? Check(Uri uri) => check(uri);
}
