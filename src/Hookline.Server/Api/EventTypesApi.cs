using System.Text.Json;
using Hookline.Core.EventTypes;
using Hookline.Core.Schemas;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record EventTypeCreateRequest(string? Name, string? Description = null, JsonElement? Schema = null);

public sealed record EventTypePatchRequest(string? Description = null, JsonElement? Schema = null, bool? Archived = null);

public sealed record EventTypeResponse(string Name, string? Description, JsonElement? Schema, bool Archived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EventTypeResponse From(EventType e) =>
        new(e.Name, e.Description, e.Schema is null ? null : JsonDocument.Parse(e.Schema).RootElement.Clone(), e.Archived, e.CreatedAt, e.UpdatedAt);
}

public static class EventTypesApi
{
    public static RouteGroupBuilder MapEventTypesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/event-types").WithTags("Event types");
        group.MapPost("/", CreateAsync).WithSummary("Create an event type (admin key)");
        group.MapGet("/", ListAsync).WithSummary("List event types");
        group.MapGet("/{name}", GetAsync).WithSummary("Get an event type");
        group.MapPatch("/{name}", PatchAsync).Accepts<EventTypePatchRequest>("application/json").WithSummary("Update an event type (admin key)");
        group.MapDelete("/{name}", ArchiveAsync).WithSummary("Archive an event type (admin key)");
        return api;
    }

    private static async Task<Created<EventTypeResponse>> CreateAsync(EventTypeCreateRequest request, HttpContext context, IHooklineStore store, TimeProvider clock,
        SchemaPayloadValidator schemas)
    {
        context.RequireAdmin();
        var v = new Validator();
        Fields.EventTypeName(v, "name", request.Name);
        v.Check(request.Description is null or { Length: <= 4096 }, "description", "at most 4096 characters");
        CheckSchema(v, request.Schema);
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var eventType = new EventType
        {
            Name = request.Name!,
            Description = request.Description,
            Schema = request.Schema is { ValueKind: JsonValueKind.Object } s ? s.GetRawText() : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await store.EventTypes.CreateAsync(eventType, context.RequestAborted);
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"event type '{request.Name}' already exists");
        }
        schemas.Forget(eventType.Name);
        return TypedResults.Created($"/api/v1/event-types/{eventType.Name}", EventTypeResponse.From(eventType));
    }

    private static async Task<Ok<ListResponse<EventTypeResponse>>> ListAsync(HttpContext context, IHooklineStore store, int? limit, string? iterator, bool? include_archived)
    {
        var page = await store.EventTypes.ListAsync(Paging.Read(limit, iterator), include_archived ?? false, context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(EventTypeResponse.From));
    }

    private static async Task<Ok<EventTypeResponse>> GetAsync(string name, HttpContext context, IHooklineStore store) =>
        TypedResults.Ok(EventTypeResponse.From(await FindAsync(store, name, context.RequestAborted)));

    private static async Task<Ok<EventTypeResponse>> PatchAsync(string name, HttpContext context, IHooklineStore store, TimeProvider clock,
        SchemaPayloadValidator schemas)
    {
        context.RequireAdmin();
        var existing = await FindAsync(store, name, context.RequestAborted);
        var patch = await PatchBody<EventTypePatchRequest>.ReadAsync(context);
        var v = new Validator();
        v.Check(patch.Value.Description is null or { Length: <= 4096 }, "description", "at most 4096 characters");
        CheckSchema(v, patch.Value.Schema);
        v.Check(!patch.Has("archived") || patch.Value.Archived is not null, "archived", "must be true or false");
        v.ThrowIfInvalid();
        var updated = existing with
        {
            Description = patch.Has("description") ? patch.Value.Description : existing.Description,
            Schema = patch.Has("schema") ? (patch.Value.Schema is { ValueKind: JsonValueKind.Object } s ? s.GetRawText() : null) : existing.Schema,
            Archived = patch.Value.Archived ?? existing.Archived,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.EventTypes.UpdateAsync(updated, context.RequestAborted);
        schemas.Forget(updated.Name);
        return TypedResults.Ok(EventTypeResponse.From(updated));
    }

    private static async Task<NoContent> ArchiveAsync(string name, HttpContext context, IHooklineStore store, TimeProvider clock, SchemaPayloadValidator schemas)
    {
        context.RequireAdmin();
        var existing = await FindAsync(store, name, context.RequestAborted);
        await store.EventTypes.UpdateAsync(existing with { Archived = true, UpdatedAt = clock.GetUtcNow() }, context.RequestAborted);
        schemas.Forget(existing.Name);
        return TypedResults.NoContent();
    }

    private static async Task<EventType> FindAsync(IHooklineStore store, string name, CancellationToken ct) =>
        await store.EventTypes.GetAsync(name, ct) ?? throw ApiProblem.NotFound("event type", name);

    private static void CheckSchema(Validator v, JsonElement? schema)
    {
        v.Check(schema is null || schema.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "schema", "must be a JSON Schema object");
        FreeJson.Check(v, "schema", schema);
        if (v.IsValid && schema is { ValueKind: JsonValueKind.Object } s)
        {
            // Refused now rather than failing every publish later: not a 2020-12 schema, or one that refers outside itself.
            foreach (var error in EventSchemaCompiler.Check(s))
            {
                v.Add("schema" + error.Pointer, error.Message);
            }
        }
    }
}
