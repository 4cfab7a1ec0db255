using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

public sealed class DocsAndHealthTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OpenApi_DescribesEveryRouteWithSchemas()
    {
        using var anonymous = _host.Client(null);
        var (status, doc) = await anonymous.GetJsonAsync("/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        doc.Str("openapi").ShouldStartWith("3.0");
        var paths = doc!["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/api/v1/apps", "/api/v1/apps/{app}", "/api/v1/event-types", "/api/v1/apps/{app}/endpoints",
            "/api/v1/apps/{app}/endpoints/{endpoint}/secret/rotate", "/api/v1/apps/{app}/messages",
            "/api/v1/apps/{app}/messages/{message}/deliveries", "/api/v1/apps/{app}/deliveries/{delivery}/retry",
            "/api/v1/apps/{app}/endpoints/{endpoint}/recover", "/api/v1/apps/{app}/endpoints/{endpoint}/test",
        })
        {
            paths.ContainsKey(path).ShouldBeTrue(path);
        }
        paths["/api/v1/apps/{app}/messages"]!["post"]!["requestBody"].ShouldNotBeNull();
        paths["/api/v1/apps/{app}/endpoints/{endpoint}"]!["patch"]!["requestBody"].ShouldNotBeNull();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        schemas["PublishRequest"]!["properties"]!["event_type"].ShouldNotBeNull();
        schemas["EndpointResponse"]!["properties"]!["signature_scheme"].ShouldNotBeNull();
        await OpenApiValidator.AssertValidAsync(doc.ToJsonString());
    }

    [Fact]
    public async Task Docs_ServesInteractiveReference()
    {
        using var anonymous = _host.Client(null);
        using var response = await anonymous.GetAsync("/docs");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("openapi/v1.json");
        html.ShouldContain("scalar");
    }

    [Fact]
    public async Task Health_AndReadiness_AnswerOk()
    {
        using var anonymous = _host.Client(null);
        (await anonymous.GetJsonAsync("/healthz")).Body.Str("status").ShouldBe("ok");
        (await anonymous.GetJsonAsync("/readyz")).Body.Str("status").ShouldBe("ready");
    }
}
