using System.Text;
using System.Text.Json;
using Hookline.Core.Storage;
using Hookline.Core.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/templates").WithTags("Templates");
        group.MapPost("/", CreateAsync).Accepts<TemplateRequest>("application/json").Produces<TemplateResponse>(StatusCodes.Status201Created)
            .WithSummary("Create a Liquid template (version 1)");
        group.MapGet("/", ListAsync).WithSummary("List the app's templates");
        group.MapPost("/test", TestDraftAsync).Produces<TemplateTestResponse>()
            .WithSummary("Render a template that is not stored (body, headers, content_type) on a sample event");
        group.MapGet("/{template}", GetAsync).WithSummary("Get a template (id or name) in its current version");
        group.MapPatch("/{template}", PatchAsync).Accepts<TemplateRequest>("application/json").Produces<TemplateResponse>()
            .WithSummary("Change a template: the result is a new version");
        group.MapDelete("/{template}", DeleteAsync).WithSummary("Delete a template and all its versions");
        group.MapGet("/{template}/versions", VersionsAsync).WithSummary("Every version of a template, newest first");
        group.MapGet("/{template}/versions/{version:int}", VersionAsync).WithSummary("One version of a template");
        group.MapPost("/{template}/rollback", RollbackAsync).Produces<TemplateResponse>()
            .WithSummary("Make an earlier version's content current again, as a new version");
        group.MapPost("/{template}/test", TestAsync).Produces<TemplateTestResponse>()
            .WithSummary("Render the template on a sample event: the body, headers and content type an endpoint would get");
        return api;
    }

    private static async Task<IResult> CreateAsync(string app, HttpContext context, TemplateService templates)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var patch = await PatchBody<TemplateRequest>.ReadAsync(context);
        var r = patch.Value;
        var v = new Validator();
        TemplateRules.Validate(v, r, patch.Has, creating: true);
        v.ThrowIfInvalid();
        var draft = new TemplateDraft(r.Name!, r.Description, Distinct(r.EventTypes), TemplateContent.FromJson(r.Body!.Value, r.Headers, r.ContentType));
        try
        {
            var created = await templates.CreateAsync(owner.Id, draft, context.RequestAborted);
            return TypedResults.Created($"/api/v1/apps/{owner.Id}/templates/{created.Id}", TemplateResponse.From(created));
        }
        catch (TemplateSyntaxException e)
        {
            return TemplateRules.SyntaxProblem(e);
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"the app already has a template named '{r.Name}'");
        }
    }

    private static async Task<Ok<ListResponse<TemplateResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store, int? limit, string? iterator)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var page = await store.Templates.ListAsync(owner.Id, Paging.Read(limit, iterator), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(TemplateResponse.From));
    }

    private static async Task<Ok<TemplateResponse>> GetAsync(string app, string template, HttpContext context, IHooklineStore store) =>
        TypedResults.Ok(TemplateResponse.From(await FindAsync(context, store, app, template)));

    private static async Task<IResult> PatchAsync(string app, string template, HttpContext context, IHooklineStore store, TemplateService templates)
    {
        var existing = await FindAsync(context, store, app, template);
        var patch = await PatchBody<TemplateRequest>.ReadAsync(context);
        var r = patch.Value;
        var v = new Validator();
        TemplateRules.Validate(v, r, patch.Has, creating: false);
        v.Check(!patch.Has("name") || r.Name is not null, "name", "can't be null");
        v.ThrowIfInvalid();
        var content = existing.Content with
        {
            Body = patch.Has("body") ? r.Body!.Value.GetRawText() : existing.Content.Body,
            Headers = patch.Has("headers") ? r.Headers ?? [] : existing.Content.Headers,
            ContentType = patch.Has("content_type") ? r.ContentType ?? TemplateContent.DefaultContentType : existing.Content.ContentType,
        };
        var draft = new TemplateDraft(
            patch.Has("name") ? r.Name! : existing.Name,
            patch.Has("description") ? r.Description : existing.Description,
            patch.Has("event_types") ? Distinct(r.EventTypes) : existing.EventTypes,
            content);
        try
        {
            return TypedResults.Ok(TemplateResponse.From(await templates.ChangeAsync(existing, draft, context.RequestAborted)));
        }
        catch (TemplateSyntaxException e)
        {
            return TemplateRules.SyntaxProblem(e);
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"another change to template '{existing.Id}' came first, or the name '{draft.Name}' is taken; read it again and retry");
        }
    }

    private static async Task<NoContent> DeleteAsync(string app, string template, HttpContext context, IHooklineStore store, TemplateService templates)
    {
        var existing = await FindAsync(context, store, app, template);
        await templates.DeleteAsync(existing, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ListResponse<TemplateVersionResponse>>> VersionsAsync(string app, string template, HttpContext context, IHooklineStore store,
        int? limit, string? iterator)
    {
        var existing = await FindAsync(context, store, app, template);
        var page = await store.Templates.ListVersionsAsync(existing.Id, Paging.Read(limit, iterator), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(TemplateVersionResponse.From));
    }

    private static async Task<Ok<TemplateVersionResponse>> VersionAsync(string app, string template, int version, HttpContext context, IHooklineStore store)
    {
        var existing = await FindAsync(context, store, app, template);
        var found = await store.Templates.GetVersionAsync(existing.Id, version, context.RequestAborted)
            ?? throw ApiProblem.NotFound("template version", $"{existing.Id} v{version}");
        return TypedResults.Ok(TemplateVersionResponse.From(found));
    }

    private static async Task<Ok<TemplateResponse>> RollbackAsync(string app, string template, TemplateRollbackRequest request, HttpContext context,
        IHooklineStore store, TemplateService templates)
    {
        var existing = await FindAsync(context, store, app, template);
        var v = new Validator();
        v.Check(request.Version is >= 1, "version", "is required: the version number to make current again");
        v.Check(request.Version is not { } n || n < existing.Version, "version", $"must be an earlier version than the current one ({existing.Version})");
        v.ThrowIfInvalid();
        try
        {
            return TypedResults.Ok(TemplateResponse.From(await templates.RollbackAsync(existing, request.Version!.Value, context.RequestAborted)));
        }
        catch (TemplateVersionNotFoundException e)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["version"] = [e.Message] });
        }
        catch (ConflictException)
        {
            throw ApiProblem.Conflict($"another change to template '{existing.Id}' came first; read it again and retry");
        }
    }

    private static async Task<IResult> TestAsync(string app, string template, TemplateTestRequest request, HttpContext context, IHooklineStore store,
        TemplateService templates)
    {
        var existing = await FindAsync(context, store, app, template);
        var v = new Validator();
        StoredSample(v, existing, request);
        v.ThrowIfInvalid();
        return await RenderAsync(templates, existing.Content, request);
    }

    private static async Task<IResult> TestDraftAsync(string app, TemplateTestRequest request, HttpContext context, TemplateService templates)
    {
        _ = await AppScope.ResolveAsync(context, app);
        var v = new Validator();
        Sample(v, request);
        TemplateRules.Body(v, "body", request.Body);
        TemplateRules.Headers(v, "headers", request.Headers);
        TemplateRules.ContentType(v, "content_type", request.ContentType);
        v.ThrowIfInvalid();
        return await RenderAsync(templates, TemplateContent.FromJson(request.Body!.Value, request.Headers, request.ContentType), request);
    }

    /// <summary>A sample for a stored template: an event it applies to, rendered with its own body. The admin UI's test pane uses it too.</summary>
    public static void StoredSample(Validator v, Template template, TemplateTestRequest request)
    {
        Sample(v, request);
        v.Check(request.Body is null, "body", "is the stored template's; to try another body use POST …/templates/test or PATCH the template");
        v.Check(template.AppliesTo(request.EventType ?? ""), "event_type", $"the template applies only to {string.Join(", ", template.EventTypes)}");
    }

    /// <summary>The sample event's rules.</summary>
    public static void Sample(Validator v, TemplateTestRequest request)
    {
        Fields.EventTypeName(v, "event_type", request.EventType);
        v.Check(request.Payload is { ValueKind: JsonValueKind.Object }, "payload", "is required and must be a JSON object (the event's data)");
        FreeJson.Check(v, "payload", request.Payload);
    }

    private static async Task<IResult> RenderAsync(TemplateService templates, TemplateContent content, TemplateTestRequest request)
    {
        try
        {
            var output = await templates.TestAsync(content, request.EventType!, request.Payload!.Value);
            return TypedResults.Ok(new TemplateTestResponse(Encoding.UTF8.GetString(output.Body), output.Headers, output.ContentType));
        }
        catch (TemplateSyntaxException e)
        {
            return TemplateRules.SyntaxProblem(e);
        }
        catch (TemplateRenderException e)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["body"] = [e.Message] });
        }
    }

    private static async Task<Template> FindAsync(HttpContext context, IHooklineStore store, string app, string template)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        return await store.Templates.GetAsync(owner.Id, template, context.RequestAborted) ?? throw ApiProblem.NotFound("template", template);
    }

    private static List<string> Distinct(List<string>? types) => types?.Distinct(StringComparer.Ordinal).ToList() ?? [];
}
