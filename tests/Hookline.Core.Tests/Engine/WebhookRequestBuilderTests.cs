using System.Text;
using System.Text.Json;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Messages;
using Hookline.Core.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Engine;

public class WebhookRequestBuilderTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Created.AddMinutes(3));

    private static readonly Message Message = new()
    {
        Id = "msg_01JABCDEFGHJKMNPQRSTVWXYZ0",
        AppId = "app_1",
        EventType = "invoice.paid",
        Payload = """{ "amount" : 12.50,  "tags":["a","b"], "note":"é\u00e9" }""",
        CreatedAt = Created,
    };

    private static Endpoint Endpoint(Func<Endpoint, Endpoint>? change = null)
    {
        var endpoint = new Endpoint
        {
            Id = "ep_1",
            AppId = "app_1",
            Url = "https://receiver.example/hook",
            CreatedAt = Created,
            UpdatedAt = Created,
        };
        return change?.Invoke(endpoint) ?? endpoint;
    }

    private HttpRequestMessage Build(Endpoint endpoint, IReadOnlyList<string> secrets, string attemptId, WebhookRequestBuilder? builder = null) =>
        (builder ?? new WebhookRequestBuilder(_clock)).Build(endpoint, Message, RenderedContent.JsonBody(Envelope.Write(Message, endpoint.Envelope)),
            secrets, "dlv_01JABCDEFGHJKMNPQRSTVWXYZ0", 3, attemptId);

    [Fact]
    public async Task Body_IsTheEnvelope_WithThePayloadByteForByte()
    {
        using var request = Build(Endpoint(), [SecretFormat.Generate()], "att_1");
        var body = await request.Content!.ReadAsStringAsync();
        body.ShouldBe("""{"id":"msg_01JABCDEFGHJKMNPQRSTVWXYZ0","type":"invoice.paid","timestamp":"2025-03-04T05:06:07.890Z","data":""" + Message.Payload + "}");
        using var parsed = JsonDocument.Parse(body);
        parsed.RootElement.GetProperty("data").GetProperty("amount").GetDecimal().ShouldBe(12.50m);
        request.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        request.Method.ShouldBe(HttpMethod.Post);
    }

    [Fact]
    public async Task Headers_FollowStandardWebhooks_AndVerify()
    {
        var secret = SecretFormat.Generate();
        using var request = Build(Endpoint(), [secret], "att_42");
        var body = await request.Content!.ReadAsByteArrayAsync();
        string? Get(string name) => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;

        Get("webhook-id").ShouldBe(Message.Id);
        Get("webhook-timestamp").ShouldBe(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Get("X-Webhook-Event").ShouldBe("invoice.paid");
        Get("X-Webhook-Delivery-Id").ShouldBe("dlv_01JABCDEFGHJKMNPQRSTVWXYZ0");
        Get("X-Webhook-Attempt").ShouldBe("3");
        Get("user-agent").ShouldBe(HooklineVersion.UserAgent);
        HooklineVersion.UserAgent.ShouldMatch(@"^Hookline/\d+\.\d+\.\d+");
        new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret, _clock).TryVerify(Get, body).ShouldBeTrue();
    }

    [Fact]
    public async Task GzipEndpoint_GetsACompressedBody_SignedOverTheDecompressedBytes()
    {
        var secret = SecretFormat.Generate();
        using var plain = Build(Endpoint(), [secret], "att_7");
        using var request = Build(Endpoint(e => e with { Compression = EndpointCompressions.Gzip }), [secret], "att_7");
        string? Get(string name) => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;

        request.Content!.Headers.ContentEncoding.ShouldBe(["gzip"]);
        var wire = await request.Content.ReadAsByteArrayAsync();
        using var decoded = new MemoryStream();
        await using (var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(wire), System.IO.Compression.CompressionMode.Decompress))
        {
            await gunzip.CopyToAsync(decoded);
        }
        decoded.ToArray().ShouldBe(await plain.Content!.ReadAsByteArrayAsync());
        new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret, _clock).TryVerify(Get, decoded.ToArray()).ShouldBeTrue();
        new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret, _clock).TryVerify(Get, wire).ShouldBeFalse();
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
    }

    [Fact]
    public void Timestamp_IsThisAttemptsTime()
    {
        var builder = new WebhookRequestBuilder(_clock);
        using var first = Build(Endpoint(), [SecretFormat.Generate()], "att_1", builder);
        _clock.Advance(TimeSpan.FromSeconds(90));
        using var second = Build(Endpoint(), [SecretFormat.Generate()], "att_2", builder);
        long Stamp(HttpRequestMessage r) => long.Parse(r.Headers.GetValues("webhook-timestamp").Single(), System.Globalization.CultureInfo.InvariantCulture);
        (Stamp(second) - Stamp(first)).ShouldBe(90);
    }

    [Fact]
    public void ActiveSecrets_AllSign_UnderStandardWebhooks()
    {
        using var request = Build(Endpoint(), [SecretFormat.Generate(), SecretFormat.Generate()], "att_1");
        request.Headers.GetValues("webhook-signature").Single().Split(' ').Length.ShouldBe(2);
    }

    [Fact]
    public async Task OtherSchemes_SignWithTheirHeader()
    {
        using var request = Build(Endpoint(e => e with { SignatureScheme = SignatureSchemes.HmacSha256Prefixed }), ["s3cret-value"], "att_1");
        var body = await request.Content!.ReadAsByteArrayAsync();
        request.Headers.Contains("webhook-signature").ShouldBeFalse();
        request.Headers.GetValues("X-Webhook-Signature").Single()
            .ShouldBe("sha256=" + WebhookSigner.HexHmac(System.Security.Cryptography.HashAlgorithmName.SHA256, "s3cret-value", body));
    }

    [Fact]
    public void Get_SendsNoBody()
    {
        using var request = Build(Endpoint(e => e with { Method = "GET" }), [SecretFormat.Generate()], "att_1");
        request.Method.ShouldBe(HttpMethod.Get);
        request.Content.ShouldBeNull();
        request.Headers.Contains("webhook-signature").ShouldBeTrue();
    }

    [Fact]
    public void CustomHeaders_AreSent_ButNeverOverrideReservedOnes()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-Tenant"] = "acme",
            ["webhook-id"] = "forged",
            ["User-Agent"] = "forged",
            ["Content-Type"] = "text/plain",
            ["X-Injected"] = "a\r\nEvil: 1",
            ["Content-Language"] = "de",
        };
        using var request = Build(Endpoint(e => e with { Headers = headers }), [SecretFormat.Generate()], "att_1");
        request.Headers.GetValues("X-Tenant").Single().ShouldBe("acme");
        request.Headers.GetValues("webhook-id").Single().ShouldBe(Message.Id);
        request.Headers.GetValues("user-agent").Single().ShouldBe(HooklineVersion.UserAgent);
        request.Content!.Headers.ContentType!.MediaType.ShouldBe("application/json");
        request.Content.Headers.ContentLanguage.ShouldBe(["de"]);
        request.Headers.Contains("X-Injected").ShouldBeFalse();
    }

    [Fact]
    public void RenderedHeadersAndContentType_AreSent_ButNeverOverrideReservedOnes()
    {
        var content = new RenderedContent("<lead/>"u8.ToArray(), "application/xml",
            [new("X-Lead-Score", "92"), new("webhook-signature", "forged"), new("X-Webhook-Delivery-Id", "forged")]);
        using var request = new WebhookRequestBuilder(_clock).Build(Endpoint(), Message, content, [SecretFormat.Generate()], "dlv_9", 1, "att_1");
        request.Content!.Headers.ContentType!.MediaType.ShouldBe("application/xml");
        request.Headers.GetValues("X-Lead-Score").Single().ShouldBe("92");
        request.Headers.GetValues("X-Webhook-Delivery-Id").Single().ShouldBe("dlv_9");
        request.Headers.GetValues("webhook-signature").Single().ShouldStartWith("v1,");
    }
}
