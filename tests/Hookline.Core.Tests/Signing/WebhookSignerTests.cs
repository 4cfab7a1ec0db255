using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Signing;

public class WebhookSignerTests
{
    internal const string MessageId = "msg_01JTESTMESSAGE0000000000000";
    private const string DeliveryId = "att_01JTESTATTEMPT0000000000000";
    internal static readonly byte[] Body = """{"id":"msg_1","type":"user.created","data":{"a":1}}"""u8.ToArray();

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
        """{"test": 2432232314}""", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553L,
        """{"email":"test@example.com","username":"test_user"}""", "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")]
    public void StandardWebhooksVectors_MatchAndVerify(string secret, string id, long timestamp, string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        WebhookSigner.StandardSignature(secret, id, timestamp, bytes).ShouldBe(expected);

        var headers = WebhookSigner.Sign(SignatureSchemes.StandardWebhooks, [secret], id, DeliveryId, timestamp, bytes);
        headers.ShouldHaveSingleItem().ShouldBe(new KeyValuePair<string, string>(WebhookHeaders.Signature, expected));

        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(timestamp));
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = id,
            [WebhookHeaders.Timestamp] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WebhookHeaders.Signature] = expected,
        };
        new WebhookVerifier(SignatureSchemes.StandardWebhooks, secret, clock).TryVerify(all.GetValueOrDefault, bytes).ShouldBeTrue();
    }

    public static TheoryData<string> Schemes() => [.. SignatureSchemes.All];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EveryScheme_SignedBody_Verifies(string scheme)
    {
        var secret = SecretFormat.Generate(scheme);
        var (clock, headers) = Signed(scheme, secret);
        new WebhookVerifier(scheme, SecretFormat.ForReceiver(secret), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EveryScheme_TamperedBody_Fails(string scheme)
    {
        if (scheme is SignatureSchemes.None or SignatureSchemes.ApiKey)
        {
            return; // these do not cover the body
        }
        var secret = SecretFormat.Generate(scheme);
        var (clock, headers) = Signed(scheme, secret);
        var tampered = Body.ToArray();
        tampered[^3] ^= 1;
        new WebhookVerifier(scheme, SecretFormat.ForReceiver(secret), clock).TryVerify(headers.GetValueOrDefault, tampered).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EveryScheme_WrongSecret_Fails(string scheme)
    {
        if (scheme is SignatureSchemes.None)
        {
            return;
        }
        var (clock, headers) = Signed(scheme, SecretFormat.Generate(scheme));
        new WebhookVerifier(scheme, SecretFormat.ForReceiver(SecretFormat.Generate(scheme)), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
    }

    [Theory]
    [InlineData(SignatureSchemes.StandardWebhooks)]
    [InlineData(SignatureSchemes.StandardWebhooksEd25519)]
    [InlineData(SignatureSchemes.Jwt)]
    public void TimestampedSchemes_StaleSignature_Fails(string scheme)
    {
        var secret = SecretFormat.Generate(scheme);
        var (clock, headers) = Signed(scheme, secret);
        clock.Advance(TimeSpan.FromMinutes(10));
        new WebhookVerifier(scheme, SecretFormat.ForReceiver(secret), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
    }

    [Fact]
    public void StandardWebhooks_DuringRotation_EverySecretSigns_NewestFirst()
    {
        var newest = SecretFormat.Generate();
        var previous = SecretFormat.Generate();
        var headers = WebhookSigner.Sign(SignatureSchemes.StandardWebhooks, [newest, previous], MessageId, DeliveryId, 1_700_000_000, Body);
        var signatures = headers.ShouldHaveSingleItem().Value.Split(' ');
        signatures.ShouldBe([
            WebhookSigner.StandardSignature(newest, MessageId, 1_700_000_000, Body),
            WebhookSigner.StandardSignature(previous, MessageId, 1_700_000_000, Body),
        ]);
    }

    [Fact]
    public void HmacSchemes_HaveTheDocumentedFormats()
    {
        const string secret = "plain-secret";
        Header(SignatureSchemes.HmacSha256Hex, secret).ShouldMatch("^[0-9a-f]{64}$");
        Header(SignatureSchemes.HmacSha256Prefixed, secret).ShouldMatch("^sha256=[0-9a-f]{64}$");
        Header(SignatureSchemes.HmacSha1Prefixed, secret).ShouldMatch("^sha1=[0-9a-f]{40}$");
        WebhookSigner.Sign(SignatureSchemes.ApiKey, [secret], MessageId, DeliveryId, 1, Body).ShouldHaveSingleItem()
            .ShouldBe(new KeyValuePair<string, string>(WebhookHeaders.ApiKey, secret));
        WebhookSigner.Sign(SignatureSchemes.Jwt, [secret], MessageId, DeliveryId, 1, Body).ShouldHaveSingleItem()
            .Value.ShouldStartWith("Bearer ey");
    }

    [Theory]
    [InlineData(SignatureSchemes.HmacSha256Hex)]
    [InlineData(SignatureSchemes.HmacSha256Prefixed)]
    [InlineData(SignatureSchemes.HmacSha1Prefixed)]
    [InlineData(SignatureSchemes.Jwt)]
    [InlineData(SignatureSchemes.ApiKey)]
    public void SingleSignatureSchemes_DuringRotation_TheOldestActiveSecretSigns(string scheme)
    {
        const string newest = "the-new-secret-value";
        const string previous = "the-old-secret-value";
        var (clock, headers) = Signed(scheme, [newest, previous]);
        new WebhookVerifier(scheme, previous, clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
        new WebhookVerifier(scheme, newest, clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
        new WebhookVerifier(scheme, [newest, previous], clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
    }

    private static string Header(string scheme, string secret) =>
        WebhookSigner.Sign(scheme, [secret], MessageId, DeliveryId, 1, Body).ShouldHaveSingleItem().Value;

    private static (FakeTimeProvider Clock, Dictionary<string, string> Headers) Signed(string scheme, string secret) => Signed(scheme, [secret]);

    internal static (FakeTimeProvider Clock, Dictionary<string, string> Headers) Signed(string scheme, IReadOnlyList<string> secrets)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = MessageId,
            [WebhookHeaders.Timestamp] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in WebhookSigner.Sign(scheme, secrets, MessageId, DeliveryId, timestamp, Body))
        {
            headers[name] = value;
        }
        return (clock, headers);
    }
}
