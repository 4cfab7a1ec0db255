using System.Text;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Signing;

namespace Hookline.Core.Tests.Engine;

/// <summary>The engine sends what the <see cref="ContentComposer"/> composes, signed as sent, and settles a body that can't be rendered.</summary>
public sealed class ContentEngineTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private sealed class Upper : ITransformationRenderer
    {
        public ValueTask<RenderedContent?> RenderAsync(RenderContext context, CancellationToken ct) =>
            context.Endpoint.Transformation == "broken"
                ? throw new ContentRenderException("line 1, column 4: unknown tag 'nope'")
                : ValueTask.FromResult<RenderedContent?>(new RenderedContent(Encoding.UTF8.GetBytes(context.Message.Payload.ToUpperInvariant()), "text/plain",
                    [new("X-Rendered-For", context.DeliveryId)]));
    }

    [Fact]
    public async Task EventEnvelope_IsSent_AndTheSignatureCoversIt()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (_, secret) = await h.AddEndpointAsync("/seed", e => e with { Envelope = EnvelopeKinds.Event, SignatureScheme = SignatureSchemes.HmacSha256Hex });
        h.Start();
        var delivery = (await h.PublishAsync("lead.created", """{"user":{"email":"a@b.example"}}""")).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        var request = h.Receiver.To("/seed").ShouldHaveSingleItem();
        var body = Encoding.UTF8.GetString(request.Body);
        body.ShouldStartWith("""{"event":"lead.created","timestamp":""");
        body.ShouldEndWith(""","data":{"user":{"email":"a@b.example"}}}""");
        request.Header("X-Webhook-Signature").ShouldBe(WebhookSigner.HexHmac(System.Security.Cryptography.HashAlgorithmName.SHA256, secret, request.Body));
        request.Header("X-Webhook-Delivery-Id").ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task Transformation_ReplacesTheBody_WithItsTypeAndHeaders()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        var (_, secret) = await h.AddEndpointAsync("/t", e => e with { Transformation = "upper" });
        h.Start(content: new ContentComposer(new Upper()));
        var delivery = (await h.PublishAsync(payload: """{"name":"ada"}""")).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Succeeded, Quick);

        var request = h.Receiver.To("/t").ShouldHaveSingleItem();
        Encoding.UTF8.GetString(request.Body).ShouldBe("""{"NAME":"ADA"}""");
        request.Header("content-type").ShouldBe("text/plain");
        request.Header("X-Rendered-For").ShouldBe(delivery.Id);
        new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret).TryVerify(request.Header, request.Body).ShouldBeTrue();
    }

    [Fact]
    public async Task TransformationThatFails_IsDeadAtOnce_WithItsErrorInTheAttempt_AndNothingSent()
    {
        await using var h = await EngineHarness.CreateAsync(TimeProvider.System);
        await h.AddEndpointAsync("/broken", e => e with { Transformation = "broken" });
        h.Start(content: new ContentComposer(new Upper()));
        var delivery = (await h.PublishAsync()).Single();
        await EngineHarness.Eventually(async () => (await h.GetAsync(delivery.Id)).Status == DeliveryStatus.Dead, Quick);

        var attempt = (await h.AttemptsAsync(delivery.Id)).ShouldHaveSingleItem();
        attempt.ErrorClass.ShouldBe(AttemptErrorClasses.Transformation);
        attempt.Error.ShouldBe("line 1, column 4: unknown tag 'nope'");
        attempt.StatusCode.ShouldBeNull();
        h.Receiver.Received.ShouldBeEmpty();
    }
}
