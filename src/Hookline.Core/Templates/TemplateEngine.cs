using System.Collections.Concurrent;

namespace Hookline.Core.Templates;

/// <summary>Compiles and renders templates; compiled forms are cached by (template id, version), inline ones by content.</summary>
public sealed class TemplateEngine(TemplateLimits limits, TimeProvider clock)
{
    /// <summary>Past this many compiled templates a cache starts over, which bounds its memory.</summary>
    public const int MaxCached = 5_000;

    private readonly LiquidCompiler _compiler = new(limits);
    private readonly LiquidRenderer _renderer = new(limits, clock);
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledTemplate> _stored = new();
    private readonly ConcurrentDictionary<TemplateContent, CompiledTemplate> _inline = new(ContentComparer.Instance);

    public TemplateLimits Limits => limits;

    /// <summary>Throws <see cref="TemplateSyntaxException"/>.</summary>
    public CompiledTemplate Compile(TemplateContent content) => _compiler.Compile(content);

    /// <summary>A stored version never changes, so its compiled form is kept for as long as the cache has room.</summary>
    public CompiledTemplate GetCompiled(string templateId, int version, TemplateContent content)
    {
        if (_stored.TryGetValue((templateId, version), out var compiled))
        {
            return compiled;
        }
        if (_stored.Count >= MaxCached)
        {
            _stored.Clear();
        }
        return _stored.GetOrAdd((templateId, version), _ => _compiler.Compile(content));
    }

    public CompiledTemplate GetInline(TemplateContent content)
    {
        if (_inline.TryGetValue(content, out var compiled))
        {
            return compiled;
        }
        if (_inline.Count >= MaxCached)
        {
            _inline.Clear();
        }
        return _inline.GetOrAdd(content, _compiler.Compile);
    }

    /// <summary>Throws <see cref="TemplateRenderException"/>.</summary>
    public Task<TemplateOutput> RenderAsync(CompiledTemplate template, TemplateModel model) => _renderer.RenderAsync(template, model);

    private sealed class ContentComparer : IEqualityComparer<TemplateContent>
    {
        public static readonly ContentComparer Instance = new();

        public bool Equals(TemplateContent? x, TemplateContent? y) =>
            x is not null && y is not null && x.Body == y.Body && x.ContentType == y.ContentType
            && x.Headers.Count == y.Headers.Count && x.Headers.All(h => y.Headers.TryGetValue(h.Key, out var v) && v == h.Value);

        public int GetHashCode(TemplateContent obj) => HashCode.Combine(obj.Body, obj.ContentType, obj.Headers.Count);
    }
}
