using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hookline.Core.Tests.Signing;

public class JwtVerificationTests
{
    private const string Secret = "jwt-shared-secret-0123456789-abcdef"; // the JWT library wants 256 bits or more
    private const string MessageId = "msg_01JTESTMESSAGE0000000000000";
    private const string DeliveryId = "dlv_01JTESTDELIVERY000000000000";
    private static readonly byte[] Body = """{"id":"msg_1","data":{"a":1}}"""u8.ToArray();
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HooklineJwt_IsValidForAnIndependentJwtLibrary()
    {
        var token = WebhookSigner.Jwt(Secret, MessageId, DeliveryId, Now.ToUnixTimeSeconds(), Body);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)),
            ValidIssuer = "hookline",
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (notBefore, expires, _, _) => expires == Now.UtcDateTime.AddMinutes(5),
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.Claims["msg_id"].ShouldBe(MessageId);
        result.Claims["jti"].ShouldBe(DeliveryId);
        result.Claims["body_sha256"].ShouldBe(Base64Url.EncodeToString(SHA256.HashData(Body)));
    }

    [Fact]
    public void TokenFromAnIndependentLibrary_VerifiesWithHookline_AndItsClaimsAreChecked()
    {
        var verifier = new WebhookVerifier(SignatureSchemes.Jwt, Secret, new FakeTimeProvider(Now));
        Verifies(verifier, Token(c => { })).ShouldBeTrue();
        Verifies(verifier, Token(c => c["msg_id"] = "msg_other")).ShouldBeFalse();
        Verifies(verifier, Token(c => c.Remove("msg_id"))).ShouldBeFalse();
        Verifies(verifier, Token(c => c["body_sha256"] = "AAAA")).ShouldBeFalse();
        Verifies(verifier, Token(c => c["exp"] = Now.AddSeconds(-1).ToUnixTimeSeconds())).ShouldBeFalse();
        Verifies(verifier, Token(c => c["iat"] = Now.AddMinutes(10).ToUnixTimeSeconds())).ShouldBeFalse();
        Verifies(verifier, Token(c => c["iat"] = Now.AddMinutes(-10).ToUnixTimeSeconds())).ShouldBeFalse();
        Verifies(verifier, Token(c => c.Remove("iat"))).ShouldBeFalse();
        Verifies(verifier, Token(c => c["exp"] = "tomorrow")).ShouldBeFalse();
        Verifies(verifier, Token(c => { }, "another-secret-0123456789-abcdefgh")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Bearer a.b")]
    [InlineData("Bearer !!!.???.***")]
    [InlineData("Bearer e30.e30.AAAA")]
    [InlineData("Token abc")]
    public void MalformedTokens_AreRefused_NotThrown(string authorization)
    {
        var verifier = new WebhookVerifier(SignatureSchemes.Jwt, Secret, new FakeTimeProvider(Now));
        var headers = Headers(authorization);
        verifier.TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
        Should.Throw<WebhookVerificationException>(() => verifier.Verify(headers.GetValueOrDefault, Body));
    }

    [Fact]
    public void CorrectlySignedTokens_WithBadClaimShapes_AreRefused_NotThrown()
    {
        var verifier = new WebhookVerifier(SignatureSchemes.Jwt, Secret, new FakeTimeProvider(Now));
        foreach (var claims in new[] { "[]", "\"text\"", "not json", """{"exp":1e400,"iat":1}""", """{"exp":null}""" })
        {
            Verifies(verifier, Signed("""{"alg":"HS256","typ":"JWT"}""", claims)).ShouldBeFalse(claims);
        }
        Verifies(verifier, Signed("""{"alg":"none"}""", $$"""{"exp":{{Now.ToUnixTimeSeconds() + 60}}}""")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("-5")]
    [InlineData(" 12")]
    public void StandardWebhooks_OutOfRangeTimestamps_AreRefused_NotThrown(string timestamp)
    {
        var verifier = new WebhookVerifier(SignatureSchemes.StandardWebhooks, SecretFormat.Generate(), new FakeTimeProvider(Now));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = MessageId,
            [WebhookHeaders.Timestamp] = timestamp,
            [WebhookHeaders.Signature] = "v1,AAAA",
        };
        verifier.TryVerify(headers.GetValueOrDefault, Body).ShouldBeFalse();
    }

    private static bool Verifies(WebhookVerifier verifier, string token) => verifier.TryVerify(Headers("Bearer " + token).GetValueOrDefault, Body);

    private static Dictionary<string, string> Headers(string authorization) => new(StringComparer.OrdinalIgnoreCase)
    {
        [WebhookHeaders.Id] = MessageId,
        [WebhookHeaders.Authorization] = authorization,
    };

    /// <summary>A token made by Microsoft's JWT library, claims as Hookline sends them, then changed.</summary>
    private static string Token(Action<Dictionary<string, object>> change, string secret = Secret)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "hookline",
            ["msg_id"] = MessageId,
            ["jti"] = DeliveryId,
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds(),
            ["body_sha256"] = Base64Url.EncodeToString(SHA256.HashData(Body)),
        };
        change(claims);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Signed(string header, string claims)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(input)));
    }
}
