using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Signing;

public class Ed25519SignatureTests
{
    private const string MessageId = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private const long Timestamp = 1_674_087_231;
    private static readonly byte[] Body = """{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"c_1"}}"""u8.ToArray();

    // RFC 8032 section 7.1, tests 1 and 2: seed, public key, message, signature (hex).
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Rfc8032Vectors_SignAndVerify(string seed, string publicKey, string message, string signature)
    {
        var secretKey = Ed25519Keys.SecretPrefix + Convert.ToBase64String(Convert.FromHexString(seed));
        var expectedPublic = Ed25519Keys.PublicPrefix + Convert.ToBase64String(Convert.FromHexString(publicKey));
        var content = Convert.FromHexString(message);

        Ed25519Keys.PublicKeyOf(secretKey).ShouldBe(expectedPublic);
        Ed25519Keys.Sign(secretKey, content).ShouldBe(Convert.ToBase64String(Convert.FromHexString(signature)));
        Ed25519Keys.Verify(expectedPublic, content, Convert.ToBase64String(Convert.FromHexString(signature))).ShouldBeTrue();
    }

    [Fact]
    public void Sign_Ed25519_SendsV1aSignatureThatThePublicKeyVerifies()
    {
        var key = Ed25519Keys.GenerateSecretKey();
        var (clock, headers) = Headers([key]);
        headers[WebhookHeaders.Signature].ShouldMatch("^v1a,[A-Za-z0-9+/]{86}==$");
        Verifier(Ed25519Keys.PublicKeyOf(key), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
        Verifier(Ed25519Keys.PublicKeyOf(Ed25519Keys.GenerateSecretKey()), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
    }

    [Fact]
    public void Sign_Ed25519_DuringRotation_BothKeysSign_AndEitherPublicKeyVerifies()
    {
        var newest = Ed25519Keys.GenerateSecretKey();
        var previous = Ed25519Keys.GenerateSecretKey();
        var (clock, headers) = Headers([newest, previous]);
        headers[WebhookHeaders.Signature].Split(' ').ShouldBe([
            WebhookSigner.Ed25519Signature(newest, MessageId, Timestamp, Body),
            WebhookSigner.Ed25519Signature(previous, MessageId, Timestamp, Body),
        ]);
        Verifier(Ed25519Keys.PublicKeyOf(newest), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
        Verifier(Ed25519Keys.PublicKeyOf(previous), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
    }

    [Fact]
    public void Sign_Ed25519_SkipsASharedSecretLeftFromAnotherScheme()
    {
        var key = Ed25519Keys.GenerateSecretKey();
        var (_, headers) = Headers([key, SecretFormat.Generate()]);
        headers[WebhookHeaders.Signature].Split(' ').ShouldHaveSingleItem().ShouldStartWith("v1a,");
    }

    [Fact]
    public void Verify_Ed25519_RefusesAV1SignatureAndMalformedOnes()
    {
        var key = Ed25519Keys.GenerateSecretKey();
        var (clock, headers) = Headers([key]);
        var verifier = Verifier(Ed25519Keys.PublicKeyOf(key), clock);
        foreach (var forged in new[] { "v1," + headers[WebhookHeaders.Signature][4..], "v1a,!!!", "v1a,", "v1a,AAAA", "garbage" })
        {
            headers[WebhookHeaders.Signature] = forged;
            verifier.TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse(forged);
        }
        Should.Throw<ArgumentException>(() => new WebhookVerifier(SignatureSchemes.StandardWebhooksEd25519, [], clock));
    }

    [Fact]
    public void Keys_OfTheWrongShape_AreNotKeys()
    {
        Ed25519Keys.IsSecretKey("whsk_" + Convert.ToBase64String(new byte[31])).ShouldBeFalse();
        Ed25519Keys.IsSecretKey("whsk_not base64").ShouldBeFalse();
        Ed25519Keys.IsSecretKey(SecretFormat.Generate()).ShouldBeFalse();
        Ed25519Keys.IsSecretKey("whsk_" + Convert.ToBase64String(new byte[64])).ShouldBeTrue();
        Ed25519Keys.IsPublicKey(Ed25519Keys.PublicKeyOf(Ed25519Keys.GenerateSecretKey())).ShouldBeTrue();
        SecretFormat.Validate(SecretFormat.Generate(), SignatureSchemes.StandardWebhooksEd25519).ShouldNotBeNull();
        SecretFormat.Validate(Ed25519Keys.GenerateSecretKey(), SignatureSchemes.StandardWebhooksEd25519).ShouldBeNull();
        SecretFormat.Validate(Ed25519Keys.GenerateSecretKey(), SignatureSchemes.HmacSha256Hex).ShouldNotBeNull();
    }

    [Fact]
    public async Task Node_VerifiesHooklineV1aSignature_AndHooklineVerifiesNodes()
    {
        var key = Ed25519Keys.GenerateSecretKey();
        var content = Encoding.UTF8.GetString(WebhookSigner.SignedContent(MessageId, Timestamp, Body));
        var signature = WebhookSigner.Ed25519Signature(key, MessageId, Timestamp, Body)["v1a,".Length..];
        var seed = Convert.FromBase64String(key[Ed25519Keys.SecretPrefix.Length..]);
        var publicKey = Convert.FromBase64String(Ed25519Keys.PublicKeyOf(key)[Ed25519Keys.PublicPrefix.Length..]);

        // Node's own ed25519 (OpenSSL): verify ours, then sign the same content for us to verify.
        const string script = """
            const crypto = require('node:crypto');
            const [d, x, content, signature] = process.argv.slice(1);
            const b64url = s => Buffer.from(s, 'base64').toString('base64url');
            const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(x) }, format: 'jwk' });
            const priv = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(x), d: b64url(d) }, format: 'jwk' });
            const ok = crypto.verify(null, Buffer.from(content), pub, Buffer.from(signature, 'base64'));
            const own = crypto.sign(null, Buffer.from(content), priv).toString('base64');
            console.log(JSON.stringify({ ok, own }));
            """;
        var output = await RunNodeAsync(script, Convert.ToBase64String(seed), Convert.ToBase64String(publicKey), content, signature);
        using var result = System.Text.Json.JsonDocument.Parse(output);
        result.RootElement.GetProperty("ok").GetBoolean().ShouldBeTrue(output);
        var nodeSignature = result.RootElement.GetProperty("own").GetString()!;
        nodeSignature.ShouldBe(signature); // ed25519 is deterministic: the same key and content give the same signature

        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = MessageId,
            [WebhookHeaders.Timestamp] = Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WebhookHeaders.Signature] = "v1a," + nodeSignature,
        };
        Verifier(Ed25519Keys.PublicKeyOf(key), clock).TryVerify(headers.GetValueOrDefault, Body).ShouldBeTrue();
    }

    private static WebhookVerifier Verifier(string publicKey, TimeProvider clock) => new(SignatureSchemes.StandardWebhooksEd25519, publicKey, clock);

    private static (FakeTimeProvider Clock, Dictionary<string, string> Headers) Headers(IReadOnlyList<string> keys)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = MessageId,
            [WebhookHeaders.Timestamp] = Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in WebhookSigner.Sign(SignatureSchemes.StandardWebhooksEd25519, keys, MessageId, "dlv_1", Timestamp, Body))
        {
            headers[name] = value;
        }
        return (clock, headers);
    }

    private static async Task<string> RunNodeAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, error);
        return output.Trim();
    }
}
