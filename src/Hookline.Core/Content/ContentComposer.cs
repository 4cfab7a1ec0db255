using Hookline.Core.Endpoints;

namespace Hookline.Core.Content;

/// <summary>
/// Decides what the body of an attempt is, apart from how it is signed and sent: the endpoint's
/// transformation when it has one, else the renderer of its chat platform (<c>kind</c>), else the
/// JSON envelope its <c>envelope</c> field names.
/// </summary>
public sealed class ContentComposer
{
    private readonly ITransformationRenderer? _transformations;
    private readonly Dictionary<string, IChannelRenderer> _channels;

    public ContentComposer(ITransformationRenderer? transformations = null, IEnumerable<IChannelRenderer>? channels = null)
    {
        _transformations = transformations;
        _channels = (channels ?? []).ToDictionary(r => r.Kind, StringComparer.Ordinal);
    }

    /// <summary>Envelopes only: no transformations, no chat platforms.</summary>
    public static readonly ContentComposer EnvelopeOnly = new();

    public async ValueTask<RenderedContent> ComposeAsync(RenderContext context, CancellationToken ct)
    {
        var endpoint = context.Endpoint;
        if (endpoint.Transformation is not null && _transformations is not null
            && await _transformations.RenderAsync(context, ct).ConfigureAwait(false) is { } transformed)
        {
            return transformed;
        }
        if (endpoint.Kind != EndpointKinds.Webhook && _channels.TryGetValue(endpoint.Kind, out var channel))
        {
            return await channel.RenderAsync(context, ct).ConfigureAwait(false);
        }
        return RenderedContent.JsonBody(Envelope.Write(context.Message, endpoint.Envelope));
    }
}
