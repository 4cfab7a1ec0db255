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
    public static readonly TimeSpan DefaultRotationGrace = SecretRotation.DefaultGrace;

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

    private static async Task<Created<EndpointResponse>> CreateAsync(string app, EndpointRequest request, HttpContext context, IHooklineStore store,
        TimeProvider clock, EndpointTargetCheck targets, IOperationalEvents events)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        var present = PresentFields(request);
        EndpointRules.Validate(request, present.Contains, creating: true, targets.Check);
        var now = clock.GetUtcNow();
        var endpoint = EndpointRules.Apply(
            new Endpoint { Id = IdGenerator.New(IdPrefix.Endpoint, clock), AppId = owner.Id, Url = request.Url!, CreatedAt = now, UpdatedAt = now },
            request, present.Contains, now);
        await RoutingRules.CheckTemplateAsync(store, endpoint, context.RequestAborted);
        if (request.Secret is not null && SecretFormat.Validate(request.Secret, endpoint.SignatureScheme) is { } secretError)
        {
            throw ValidationException.For("secret", secretError);
        }
        var secret = request.Secret ?? SecretFormat.Generate(endpoint.SignatureScheme);
        await store.Endpoints.CreateAsync(endpoint, new EndpointSecret(secret, now, null), context.RequestAborted);
        events.Emit(OperationalEvent.EndpointCreated(endpoint));
        return TypedResults.Created($"/api/v1/apps/{owner.Id}/endpoints/{endpoint.Id}", EndpointResponse.From(endpoint, SecretFormat.ForReceiver(secret)));
    }

    private static async Task<Ok<ListResponse<EndpointResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store, int? limit, string? iterator, int? offset)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        var page = await store.Endpoints.ListAsync(owner.Id, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(e => EndpointResponse.From(e)));
    }

    private static async Task<Ok<EndpointResponse>> GetAsync(string app, string endpoint, HttpContext context, IHooklineStore store, ICircuitStates circuits)
    {
        var found = await ResolveAsync(context, store, app, endpoint);
        return TypedResults.Ok(EndpointResponse.From(found) with { Circuit = CircuitResponse.For(circuits, found.Id) });
    }

    private static async Task<Ok<EndpointResponse>> PatchAsync(string app, string endpoint, HttpContext context, IHooklineStore store,
        TimeProvider clock, EndpointTargetCheck targets, IOperationalEvents events)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var patch = await PatchBody<EndpointRequest>.ReadAsync(context);
        if (patch.Has("secret"))
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["secret"] = ["change the secret with POST …/secret/rotate"] });
        }
        EndpointRules.Validate(patch.Value, patch.Has, creating: false, targets.Check);
        var now = clock.GetUtcNow();
        var updated = EndpointRules.Apply(existing, patch.Value, patch.Has, now);
        await RoutingRules.CheckTemplateAsync(store, updated, context.RequestAborted);
        if (updated.SignatureScheme != existing.SignatureScheme)
        {
            var current = await store.Endpoints.GetSecretsAsync(existing.Id, context.RequestAborted);
            // Into or out of the ed25519 scheme the secret must change kind: a key pair is generated below instead.
            if (SecretFormat.FitsScheme(current[0].Value, updated.SignatureScheme) && SecretFormat.Validate(current[0].Value, updated.SignatureScheme) is not null)
            {
                throw ValidationException.For("signature_scheme",
                    $"the endpoint's secret does not suit {updated.SignatureScheme}; rotate to a fitting secret first (POST …/secret/rotate)");
            }
        }
        await store.Endpoints.UpdateAsync(updated, now, context.RequestAborted);
        await EnsureSecretFitsSchemeAsync(store, updated, now, context.RequestAborted);
        events.Emit(OperationalEvent.EndpointUpdated(updated));
        if (updated.Disabled && !existing.Disabled)
        {
            events.Emit(OperationalEvent.EndpointDisabled(updated, updated.DisabledReason ?? "disabled by API", DisableCauses.Api, now));
        }
        else if (!updated.Disabled && existing.Disabled)
        {
            events.Emit(OperationalEvent.EndpointEnabled(updated));
        }
        return TypedResults.Ok(EndpointResponse.From(updated));
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

    /// <summary>
    /// A switch between a shared-secret scheme and the ed25519 one leaves a secret the new scheme
    /// cannot sign with; it is replaced at once by a generated one of the right kind (read it with GET …/secret).
    /// </summary>
    private static async Task EnsureSecretFitsSchemeAsync(IHooklineStore store, Endpoint endpoint, DateTimeOffset now, CancellationToken ct)
    {
        var secrets = await store.Endpoints.GetSecretsAsync(endpoint.Id, ct);
        if (secrets.Count > 0 && !SecretFormat.FitsScheme(secrets[0].Value, endpoint.SignatureScheme))
        {
            await store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret(SecretFormat.Generate(endpoint.SignatureScheme), now, null), now, ct);
        }
    }

    private static async Task<Ok<SecretRotateResponse>> RotateSecretAsync(string app, string endpoint, SecretRotateRequest? request, HttpContext context,
        IHooklineStore store, TimeProvider clock)
    {
        var existing = await ResolveAsync(context, store, app, endpoint);
        var v = new Validator();
        if (request?.Secret is { } chosen && SecretFormat.Validate(chosen, existing.SignatureScheme) is { } error)
        {
            v.Add("secret", error);
        }
        v.Check(request?.GracePeriodSeconds is not { } g || (g >= 0 && g <= SecretRotation.MaxGrace.TotalSeconds), "grace_period_seconds",
            $"between 0 and {SecretRotation.MaxGrace.TotalSeconds:0} ({SecretRotation.MaxGrace.TotalDays:0} days)");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var grace = request?.GracePeriodSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRotationGrace;
        var secret = request?.Secret ?? SecretFormat.Generate(existing.SignatureScheme);
        var before = await store.Endpoints.GetSecretsAsync(existing.Id, context.RequestAborted);
        var previousExpiresAt = now + grace;
        await store.Endpoints.RotateSecretAsync(existing.Id, new EndpointSecret(secret, now, null), previousExpiresAt, context.RequestAborted);
        var shown = SecretResponse.For(secret);
        return TypedResults.Ok(new SecretRotateResponse(shown.Secret, previousExpiresAt,
            SecretRotation.NewSecretSignsFrom(existing.SignatureScheme, before, now, previousExpiresAt), shown.PublicKey));
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
        var owner = await AppScope.ResolveAsync(context, store, app);
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
