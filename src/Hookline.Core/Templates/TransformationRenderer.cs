using System.Collections.Concurrent;
using System.Text.Json;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Core.Templates;

/// <summary>
/// Applies an endpoint's transformation to one message, per attempt. Which version of a template is
/// current is looked up at most once per <see cref="CurrentVersionTtl"/> (changes made on this node
/// are seen at once, on other nodes within that time); compiled templates are cached by (id, version).
/// </summary>
public sealed class TransformationRenderer(IHooklineStore store, TemplateEngine engine, TimeProvider clock) : ITransformationRenderer
{
    public static readonly TimeSpan CurrentVersionTtl = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TransformationSpec?> _specs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AppId, string Key), (Template Template, DateTimeOffset Until)> _current = new();

    /// <summary>
    /// The delivery engine's hook: the rendered body, or null to compose the body as if there were no
    /// transformation. A template that fails is a <see cref="ContentRenderException"/>, so the
    /// delivery goes dead at once with the reason in its attempt log.
    /// </summary>
    public async ValueTask<RenderedContent?> RenderAsync(RenderContext context, CancellationToken ct)
    {
        try
        {
            return await RenderAsync(context.Endpoint, context.Message, ct).ConfigureAwait(false) is { } output
                ? new RenderedContent(output.Body, output.ContentType, output.Headers.ToList())
                : null;
        }
        catch (TemplateRenderException e)
        {
            throw new ContentRenderException("transformation failed: " + e.Message, e);
        }
    }

    /// <summary>
    /// The rendered body, or null when the endpoint has no transformation or its template is for other
    /// event types. Throws <see cref="TemplateRenderException"/> when the template is missing or fails.
    /// </summary>
    public async Task<TemplateOutput?> RenderAsync(Endpoint endpoint, Message message, CancellationToken ct)
    {
        if (endpoint.Transformation is not { } json || Spec(json) is not { } spec)
        {
            return null;
        }
        CompiledTemplate compiled;
        try
        {
            switch (spec)
            {
                case InlineTemplate inline:
                    compiled = engine.GetInline(inline.Content);
                    break;
                case TemplateReference { Version: { } version } pinned:
                    var stored = await store.Templates.GetVersionAsync(pinned.TemplateId, version, ct).ConfigureAwait(false)
                        ?? throw new TemplateRenderException($"template {pinned.TemplateId} has no version {version}");
                    if (!Applies(stored.EventTypes, message.EventType))
                    {
                        return null;
                    }
                    compiled = engine.GetCompiled(stored.TemplateId, stored.Version, stored.Content);
                    break;
                default:
                    var key = spec is TemplateReference r ? r.TemplateId : ((NamedTemplate)spec).Name;
                    var template = await CurrentAsync(endpoint.AppId, key, ct).ConfigureAwait(false)
                        ?? throw new TemplateRenderException($"the app has no template '{key}'");
                    if (!template.AppliesTo(message.EventType))
                    {
                        return null;
                    }
                    compiled = engine.GetCompiled(template.Id, template.Version, template.Content);
                    break;
            }
        }
        catch (TemplateSyntaxException e)
        {
            throw new TemplateRenderException("the template does not compile: " + e.Message, e);
        }
        using var payload = JsonDocument.Parse(message.Payload);
        var model = TemplateModel.Create(message.Id, message.EventType, message.EventId, Envelope.Timestamp(message), payload.RootElement,
            new TemplateEndpoint(endpoint.Id, endpoint.Url, endpoint.Description, endpoint.Metadata));
        return await engine.RenderAsync(compiled, model).ConfigureAwait(false);
    }

    /// <summary>Drops what this node remembers of a template's current version, after it changed here.</summary>
    public void Forget(Template template)
    {
        _current.TryRemove((template.AppId, template.Id), out _);
        _current.TryRemove((template.AppId, template.Name), out _);
    }

    private static bool Applies(IReadOnlyList<string> eventTypes, string eventType) => eventTypes.Count == 0 || eventTypes.Contains(eventType, StringComparer.Ordinal);

    private TransformationSpec? Spec(string json)
    {
        if (_specs.TryGetValue(json, out var spec))
        {
            return spec;
        }
        if (_specs.Count >= TemplateEngine.MaxCached)
        {
            _specs.Clear();
        }
        return _specs.GetOrAdd(json, TransformationSpec.ParseStored);
    }

    private async Task<Template?> CurrentAsync(string appId, string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_current.TryGetValue((appId, key), out var cached) && cached.Until > now)
        {
            return cached.Template;
        }
        var template = await store.Templates.GetAsync(appId, key, ct).ConfigureAwait(false);
        if (template is null)
        {
            _current.TryRemove((appId, key), out _);
            return null;
        }
        if (_current.Count >= TemplateEngine.MaxCached)
        {
            _current.Clear();
        }
        _current[(appId, key)] = (template, now + CurrentVersionTtl);
        return template;
    }
}
