using System.Text.Json;
using Hookline.Core.Ids;
using Hookline.Core.Storage;

namespace Hookline.Core.Templates;

/// <summary>What a create or change asks a template to be.</summary>
public sealed record TemplateDraft(string Name, string? Description, IReadOnlyList<string> EventTypes, TemplateContent Content);

/// <summary>A rollback to a version the template never had.</summary>
public sealed class TemplateVersionNotFoundException(string templateId, int version)
    : Exception($"template '{templateId}' has no version {version}");

/// <summary>
/// The rules of templates, the same for the API and every other caller: a template must compile to be
/// stored, every change (a rollback too) is a new version, and a test renders exactly as a delivery would.
/// </summary>
public sealed class TemplateService(IHooklineStore store, TemplateEngine engine, TransformationRenderer transformations, TimeProvider clock)
{
    /// <summary>Throws <see cref="TemplateSyntaxException"/>, or <see cref="ConflictException"/> when the name is taken.</summary>
    public async Task<Template> CreateAsync(string appId, TemplateDraft draft, CancellationToken ct)
    {
        engine.Compile(draft.Content);
        var now = clock.GetUtcNow();
        var template = new Template
        {
            Id = IdGenerator.New(IdPrefix.Template, clock),
            AppId = appId,
            Name = draft.Name,
            Description = draft.Description,
            EventTypes = draft.EventTypes,
            Version = 1,
            Content = draft.Content,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.Templates.CreateAsync(template, ct).ConfigureAwait(false);
        return template;
    }

    /// <summary>Stores <paramref name="draft"/> as the next version. Throws as <see cref="CreateAsync"/> does.</summary>
    public async Task<Template> ChangeAsync(Template current, TemplateDraft draft, CancellationToken ct)
    {
        engine.Compile(draft.Content);
        var next = current with
        {
            Name = draft.Name,
            Description = draft.Description,
            EventTypes = draft.EventTypes,
            Content = draft.Content,
            Version = current.Version + 1,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.Templates.AddVersionAsync(next, null, ct).ConfigureAwait(false);
        transformations.Forget(current);
        return next;
    }

    /// <summary>
    /// Makes the content of <paramref name="version"/> current again, as a new version, so the history
    /// says what happened. Throws <see cref="TemplateVersionNotFoundException"/>.
    /// </summary>
    public async Task<Template> RollbackAsync(Template current, int version, CancellationToken ct)
    {
        var old = await store.Templates.GetVersionAsync(current.Id, version, ct).ConfigureAwait(false)
            ?? throw new TemplateVersionNotFoundException(current.Id, version);
        var next = current with
        {
            Name = old.Name,
            Description = old.Description,
            EventTypes = old.EventTypes,
            Content = old.Content,
            Version = current.Version + 1,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.Templates.AddVersionAsync(next, version, ct).ConfigureAwait(false);
        transformations.Forget(current);
        return next;
    }

    public async Task<bool> DeleteAsync(Template template, CancellationToken ct)
    {
        var deleted = await store.Templates.DeleteAsync(template.AppId, template.Id, ct).ConfigureAwait(false);
        transformations.Forget(template);
        return deleted;
    }

    /// <summary>
    /// Renders <paramref name="content"/> on a sample event as an endpoint would receive it.
    /// Throws <see cref="TemplateSyntaxException"/> or <see cref="TemplateRenderException"/>.
    /// </summary>
    public Task<TemplateOutput> TestAsync(TemplateContent content, string eventType, JsonElement payload)
    {
        var compiled = engine.Compile(content);
        var sample = new Messages.Message { Id = IdGenerator.New(IdPrefix.Message, clock), AppId = "app_test", EventType = eventType, Payload = "{}", CreatedAt = clock.GetUtcNow() };
        var model = TemplateModel.Create(sample.Id, eventType, null, Content.Envelope.Timestamp(sample), payload,
            new TemplateEndpoint("ep_test", "https://example.com/webhook", "template test", new Dictionary<string, string>()));
        return engine.RenderAsync(compiled, model);
    }
}
