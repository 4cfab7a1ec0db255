namespace Hookline.Core.Content;

/// <summary>Applies an endpoint's <c>transformation</c> (a template) to the envelope.</summary>
public interface ITransformationRenderer
{
    /// <summary>
    /// The transformed body, or null when the endpoint's transformation is switched off
    /// (<c>"enabled": false</c>) and the body is composed as if it had none. Throws
    /// <see cref="ContentRenderException"/> when the template can't be rendered.
    /// </summary>
    ValueTask<RenderedContent?> RenderAsync(RenderContext context, CancellationToken ct);
}
