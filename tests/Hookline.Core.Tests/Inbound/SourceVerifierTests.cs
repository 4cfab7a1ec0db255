using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hookline.Core.Inbound;
using Hookline.Core.Inbound.Verification;

namespace Hookline.Core.Tests.Inbound;

/// <summary>Each scheme against signatures computed here with the BCL's HMAC classes (or a provider's published vector), never with the verifier's own helpers.</summary>
public class SourceVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Body = """{"id":"evt_1","type":"invoice.paid","data":{"object":{"customer":"cus_9"}}}""";

    private static InboundRequest Request(string body, params (string Name, string Value)[] headers) => new()
    {
        Body = Encoding.UTF8.GetBytes(body),
        Headers = InboundRequest.HeaderMap(headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))),
        RemoteAddress = IPAddress.Loopback,
    };

    private static string? Check(string type, InboundRequest request, SourceVerification? config = null, params string[] secrets) =>
        SourceVerifiers.For(type).Check(request, config ?? new SourceVerification { Type = type }, secrets, Now);

    private static string Unix(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void GitHub_PublishedExample_IsAccepted()
    {
        // The example in GitHub's "Validating webhook deliveries" documentation.
        var request = Request("Hello, World!", ("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        Check(VerificationTypes.GitHub, request, null, "It's a Secret to Everybody").ShouldBeNull();
    }

    [Fact]
    public void GitHub_TamperedBodyOrWrongSecret_IsRefused()
    {
        const string signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        Check(VerificationTypes.GitHub, Request("Hello, World?", ("X-Hub-Signature-256", signature)), null, "It's a Secret to Everybody").ShouldNotBeNull();
        Check(VerificationTypes.GitHub, Request("Hello, World!", ("X-Hub-Signature-256", signature)), null, "another secret").ShouldNotBeNull();
        Check(VerificationTypes.GitHub, Request("Hello, World!"), null, "It's a Secret to Everybody").ShouldNotBeNull();
    }

    [Fact]
    public void Stripe_SignatureOverTimestampAndBody_IsAccepted_AndOldOneRefused()
    {
        const string secret = "whsec_test_stripe_endpoint_secret";
        var t = Unix(Now.AddSeconds(-30));
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{Body}")));
        Check(VerificationTypes.Stripe, Request(Body, ("Stripe-Signature", $"t={t},v1={v1},v0=deadbeef")), null, secret).ShouldBeNull();
        // Several v1 entries (Stripe sends one per secret while rolling): any may match.
        Check(VerificationTypes.Stripe, Request(Body, ("Stripe-Signature", $"t={t},v1={new string('0', 64)},v1={v1}")), null, secret).ShouldBeNull();

        var old = Unix(Now.AddSeconds(-301));
        var oldV1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{old}.{Body}")));
        Check(VerificationTypes.Stripe, Request(Body, ("Stripe-Signature", $"t={old},v1={oldV1}")), null, secret).ShouldNotBeNull();
        // The timestamp is signed: moving it forward breaks the signature.
        Check(VerificationTypes.Stripe, Request(Body, ("Stripe-Signature", $"t={Unix(Now)},v1={oldV1}")), null, secret).ShouldNotBeNull();
        Check(VerificationTypes.Stripe, Request(Body + " ", ("Stripe-Signature", $"t={t},v1={v1}")), null, secret).ShouldNotBeNull();
    }

    [Fact]
    public void Shopify_Base64Hmac_IsAccepted_AndTamperedRefused()
    {
        const string secret = "shpss_0123456789abcdef";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Body)));
        Check(VerificationTypes.Shopify, Request(Body, ("X-Shopify-Hmac-Sha256", signature)), null, secret).ShouldBeNull();
        Check(VerificationTypes.Shopify, Request(Body.Replace("cus_9", "cus_8", StringComparison.Ordinal), ("X-Shopify-Hmac-Sha256", signature)), null, secret).ShouldNotBeNull();
    }

    [Theory]
    // The test vectors of the Standard Webhooks specification.
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, """{"test": 2432232314}""", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void StandardWebhooks_SpecificationVector_IsAccepted(string secret, string id, long timestamp, string body, string signature)
    {
        var request = Request(body, ("webhook-id", id), ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)), ("webhook-signature", "v1,bm90IGl0 " + signature));
        var at = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        new StandardWebhooksVerifier().Check(request, new SourceVerification { Type = VerificationTypes.StandardWebhooks }, [secret], at).ShouldBeNull();
        new StandardWebhooksVerifier().Check(request, new SourceVerification { Type = VerificationTypes.StandardWebhooks }, [secret], at.AddMinutes(6)).ShouldNotBeNull();
        var tampered = request with { Body = Encoding.UTF8.GetBytes(body.Replace("2", "3", StringComparison.Ordinal)) };
        new StandardWebhooksVerifier().Check(tampered, new SourceVerification { Type = VerificationTypes.StandardWebhooks }, [secret], at).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("sha256", "hex", "")]
    [InlineData("sha1", "hex", "sha1=")]
    [InlineData("sha512", "base64", "")]
    [InlineData("sha256", "base64", "v1=")]
    public void Hmac_WithAlgorithmEncodingAndPrefix_IsAccepted(string algorithm, string encoding, string prefix)
    {
        const string secret = "a-shared-secret-of-the-sender";
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(Body);
        var mac = algorithm switch
        {
            "sha1" => HMACSHA1.HashData(key, data),
            "sha512" => HMACSHA512.HashData(key, data),
            _ => HMACSHA256.HashData(key, data),
        };
        var text = encoding == "hex" ? Convert.ToHexString(mac) : Convert.ToBase64String(mac);
        var config = new SourceVerification { Type = VerificationTypes.Hmac, Header = "X-Signature", Algorithm = algorithm, Encoding = encoding, Prefix = prefix.Length == 0 ? null : prefix };
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", prefix + text)), config, secret).ShouldBeNull();
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", prefix + text)), config, "not-the-secret-at-all").ShouldNotBeNull();
        Check(VerificationTypes.Hmac, Request(Body + "x", ("X-Signature", prefix + text)), config, secret).ShouldNotBeNull();
    }

    [Fact]
    public void Hmac_WithTimestampTemplate_ChecksTheSignedTimeAndTolerance()
    {
        const string secret = "a-shared-secret-of-the-sender";
        var config = new SourceVerification
        {
            Type = VerificationTypes.Hmac,
            Header = "X-Signature",
            TimestampHeader = "X-Timestamp",
            SignedPayload = "v0:{timestamp}:{body}",
            ToleranceSeconds = 60,
        };
        string Sign(string t) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{t}:{Body}")));

        var fresh = Unix(Now.AddSeconds(-59));
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", Sign(fresh)), ("X-Timestamp", fresh)), config, secret).ShouldBeNull();
        var stale = Unix(Now.AddSeconds(-61));
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", Sign(stale)), ("X-Timestamp", stale)), config, secret).ShouldNotBeNull();
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", Sign(fresh))), config, secret).ShouldNotBeNull();
        Check(VerificationTypes.Hmac, Request(Body, ("X-Signature", Sign(fresh)), ("X-Timestamp", Unix(Now))), config, secret).ShouldNotBeNull();
    }

    [Fact]
    public void Verifiers_DuringRotation_AcceptEitherSecret()
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("old-secret-0123456"), Encoding.UTF8.GetBytes(Body)));
        Check(VerificationTypes.Shopify, Request(Body, ("X-Shopify-Hmac-Sha256", signature)), null, "new-secret-0123456", "old-secret-0123456").ShouldBeNull();
        Check(VerificationTypes.Shopify, Request(Body, ("X-Shopify-Hmac-Sha256", signature)), null, "new-secret-0123456").ShouldNotBeNull();
    }

    [Fact]
    public void ApiKey_InNamedHeaderOrBearer_IsAccepted_AndWrongKeyRefused()
    {
        var custom = new SourceVerification { Type = VerificationTypes.ApiKey, Header = "X-Feed-Key" };
        Check(VerificationTypes.ApiKey, Request(Body, ("X-Feed-Key", "k-0123456789abcdef")), custom, "k-0123456789abcdef").ShouldBeNull();
        Check(VerificationTypes.ApiKey, Request(Body, ("X-Feed-Key", "k-0123456789abcdeF")), custom, "k-0123456789abcdef").ShouldNotBeNull();
        Check(VerificationTypes.ApiKey, Request(Body, ("X-API-Key", "k-0123456789abcdef")), custom, "k-0123456789abcdef").ShouldNotBeNull();
        var bearer = new SourceVerification { Type = VerificationTypes.ApiKey, Header = "Authorization" };
        Check(VerificationTypes.ApiKey, Request(Body, ("Authorization", "Bearer k-0123456789abcdef")), bearer, "k-0123456789abcdef").ShouldBeNull();
        Check(VerificationTypes.ApiKey, Request(Body, ("X-API-Key", "k-0123456789abcdef")), null, "k-0123456789abcdef").ShouldBeNull();
    }

    [Fact]
    public void Basic_RightUserAndPassword_IsAccepted_AndEitherWrongRefused()
    {
        var config = new SourceVerification { Type = VerificationTypes.Basic, Username = "cdr-feed" };
        string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        Check(VerificationTypes.Basic, Request(Body, ("Authorization", Basic("cdr-feed:p4ssw0rd-long-enough"))), config, "p4ssw0rd-long-enough").ShouldBeNull();
        Check(VerificationTypes.Basic, Request(Body, ("Authorization", Basic("other:p4ssw0rd-long-enough"))), config, "p4ssw0rd-long-enough").ShouldNotBeNull();
        Check(VerificationTypes.Basic, Request(Body, ("Authorization", Basic("cdr-feed:wrong"))), config, "p4ssw0rd-long-enough").ShouldNotBeNull();
        Check(VerificationTypes.Basic, Request(Body, ("Authorization", "Basic %%%")), config, "p4ssw0rd-long-enough").ShouldNotBeNull();
    }
}
