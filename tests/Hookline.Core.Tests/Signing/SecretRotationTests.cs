using Hookline.Core.Endpoints;

namespace Hookline.Core.Tests.Signing;

public class SecretRotationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SignatureSchemes.StandardWebhooks)]
    [InlineData(SignatureSchemes.StandardWebhooksEd25519)]
    public void StandardWebhooksSchemes_NewSecretSignsAtOnce(string scheme) =>
        SecretRotation.NewSecretSignsFrom(scheme, [new EndpointSecret("a", Now.AddDays(-1), null)], Now, Now.AddHours(24)).ShouldBe(Now);

    [Fact]
    public void SingleSignatureScheme_NewSecretSignsWhenThePreviousOneExpires()
    {
        SecretRotation.NewSecretSignsFrom(SignatureSchemes.HmacSha256Hex, [new EndpointSecret("a", Now.AddDays(-1), null)], Now, Now.AddHours(24))
            .ShouldBe(Now.AddHours(24));
    }

    [Fact]
    public void SingleSignatureScheme_AnOlderSecretStillInGrace_SignsFirst()
    {
        // Rotated twice: "oldest" still has 30 h of grace left, so it keeps signing past the previous secret's expiry.
        var current = new[]
        {
            new EndpointSecret("previous", Now.AddHours(-1), null),
            new EndpointSecret("oldest", Now.AddDays(-2), Now.AddHours(30)),
            new EndpointSecret("expired", Now.AddDays(-9), Now.AddHours(-5)),
        };
        SecretRotation.NewSecretSignsFrom(SignatureSchemes.Jwt, current, Now, Now.AddHours(2)).ShouldBe(Now.AddHours(30));
    }
}
