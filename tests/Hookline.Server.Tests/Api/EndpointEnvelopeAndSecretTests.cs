using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

/// <summary>The endpoint field <c>envelope</c>, and which user secrets each signature scheme takes.</summary>
public sealed class EndpointEnvelopeAndSecretTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Envelope_DefaultsToStandard_AndRoundTrips_ThroughCreateAndPatch()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook" });
        ep.Str("envelope").ShouldBe("standard");
        var path = $"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}";

        var (status, patched) = await _host.Admin.PatchAsync(path, """{"envelope":"event"}""");
        status.ShouldBe(HttpStatusCode.OK);
        patched.Str("envelope").ShouldBe("event");
        (await _host.Admin.GetJsonAsync(path)).Body.Str("envelope").ShouldBe("event");
        (await _host.Admin.PatchAsync(path, """{"envelope":null}""")).Body.Str("envelope").ShouldBe("standard");
    }

    [Fact]
    public async Task UnknownEnvelope_Is422NamingTheField()
    {
        var (status, body) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", new { url = "https://example.com/hook", envelope = "soap" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["envelope"]![0]!.GetValue<string>().ShouldContain("event_type");
    }

    [Theory]
    [InlineData("hmac-sha256-hex")]
    [InlineData("hmac-sha256-prefixed")]
    [InlineData("jwt")]
    [InlineData("api-key")]
    public async Task SeedSecret_WhsecYourSecretHere_IsTakenAsItsUtf8Bytes_ByEverySchemeButStandardWebhooks(string scheme)
    {
        var (status, body) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            new { url = "https://example.com/hook", signature_scheme = scheme, secret = "whsec_your_secret_here" });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body.Str("secret").ShouldBe("whsec_your_secret_here");
    }

    [Theory]
    [InlineData("whsec_your_secret_here")]
    [InlineData("a-plain-secret-of-enough-length")]
    public async Task StandardWebhooks_RefusesASecretThatIsNotWhsecBase64(string secret)
    {
        var (status, body) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", new { url = "https://example.com/hook", secret });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["secret"]![0]!.GetValue<string>().ShouldContain("whsec_");
    }

    [Fact]
    public async Task SecretShorterThan16_IsRefused_ForEveryScheme()
    {
        var (status, body) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            new { url = "https://example.com/hook", signature_scheme = "hmac-sha256-hex", secret = "fifteen-chars!!" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["secret"]![0]!.GetValue<string>().ShouldContain("16");
    }

    [Fact]
    public async Task SwitchingToStandardWebhooks_WithASecretThatDoesNotSuitIt_IsRefused()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook", signature_scheme = "hmac-sha256-hex", secret = "whsec_your_secret_here" });
        var (status, body) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}", """{"signature_scheme":"standard-webhooks"}""");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["signature_scheme"]![0]!.GetValue<string>().ShouldContain("rotate");
    }
}
