using System.Text;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Tests.Content;

public class ContentComposerTests
{
    private static readonly Message Message = new() { Id = "msg_1", AppId = "app_1", EventType = "a.b", Payload = """{"x":1}""", CreatedAt = DateTimeOffset.UnixEpoch };

    private static RenderContext Context(Func<Endpoint, Endpoint> change) =>
        new(change(new Endpoint { Id = "ep_1", AppId = "app_1", Url = "https://x.example/", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch }),
            Message, "dlv_1", 1);

    private sealed class Fixed(string kind, string text) : IChannelRenderer, ITransformationRenderer
    {
        public string Kind => kind;

        public bool Off { get; init; }

        public ValueTask<RenderedContent> RenderAsync(RenderContext context, CancellationToken ct) =>
            ValueTask.FromResult(RenderedContent.JsonBody(Encoding.UTF8.GetBytes(text)));

        async ValueTask<RenderedContent?> ITransformationRenderer.RenderAsync(RenderContext context, CancellationToken ct) =>
            Off ? null : await RenderAsync(context, ct);
    }

    private static async Task<string> Compose(ContentComposer composer, Func<Endpoint, Endpoint> change) =>
        Encoding.UTF8.GetString((await composer.ComposeAsync(Context(change), CancellationToken.None)).Body);

    [Fact]
    public async Task PlainWebhook_GetsTheEnvelopeItsFieldNames()
    {
        var composer = new ContentComposer(new Fixed("", "\"t\""), [new Fixed(EndpointKinds.Slack, "\"slack\"")]);
        (await Compose(composer, e => e with { Envelope = EnvelopeKinds.Data })).ShouldBe("""{"x":1}""");
    }

    [Fact]
    public async Task Transformation_ComesFirst_ThenTheChannel()
    {
        var composer = new ContentComposer(new Fixed("", "\"t\""), [new Fixed(EndpointKinds.Slack, "\"slack\"")]);
        (await Compose(composer, e => e with { Kind = EndpointKinds.Slack, Transformation = "{}" })).ShouldBe("\"t\"");
        (await Compose(composer, e => e with { Kind = EndpointKinds.Slack })).ShouldBe("\"slack\"");
    }

    [Fact]
    public async Task TransformationSwitchedOff_FallsBackToTheChannelOrEnvelope()
    {
        var composer = new ContentComposer(new Fixed("", "\"t\"") { Off = true }, [new Fixed(EndpointKinds.Slack, "\"slack\"")]);
        (await Compose(composer, e => e with { Kind = EndpointKinds.Slack, Transformation = "{}" })).ShouldBe("\"slack\"");
        (await Compose(composer, e => e with { Transformation = "{}", Envelope = EnvelopeKinds.Data })).ShouldBe("""{"x":1}""");
    }
}
