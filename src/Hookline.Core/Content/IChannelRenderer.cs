namespace Hookline.Core.Content;

/// <summary>Renders a message for a chat platform: the body for endpoints of one <see cref="Kind"/> (discord, teams, slack).</summary>
public interface IChannelRenderer
{
    /// <summary>The endpoint kind this renderer serves (<see cref="Endpoints.EndpointKinds"/>).</summary>
    string Kind { get; }

    ValueTask<RenderedContent> RenderAsync(RenderContext context, CancellationToken ct);
}
