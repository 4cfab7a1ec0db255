using System.Net;
using System.Text.Json;
using Hookline.Server.Api;
using Hookline.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Hookline.Server.Tests.Api;

/// <summary>Inputs the fault suite's hostile requests once answered with 500; each now gets a 4xx and writes nothing.</summary>
public sealed class HostileInputRegressionTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;
    private string _endpoint = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
        _endpoint = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook" })).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("deliveries/replay", "{\"since\":\"garbage\"}")]
    [InlineData("deliveries/replay", "{\"until\":\" \"}")]
    [InlineData("endpoints/{ep}/recover", "{\"since\":\"2026-13-45\"}")]
    [InlineData("endpoints/{ep}/recover", "{\"since\":5}")]
    public async Task TimeField_WithGarbage_Is400ProblemNaming_TheField(string route, string body)
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/{route.Replace("{ep}", _endpoint, StringComparison.Ordinal)}", body);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem.Str("detail").ShouldContain(body.Contains("until", StringComparison.Ordinal) ? "until" : "since");
    }

    [Theory]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_second\":1e400}")]
    [InlineData("{\"url\":\"https://example.com/a\",\"retry_policy\":{\"schedule_seconds\":[-1e400]}}")]
    public async Task EndpointCreate_WithNumberBeyondDouble_Is400_AndWritesNothing(string body)
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/endpoints", body);
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        await EndpointCountShouldBe(1);
    }

    [Theory]
    [InlineData("{\"url\":\"https://example.com/a\",\"transformation\":\"\\ud800\"}", "transformation")]
    [InlineData("{\"url\":\"https://example.com/a\",\"filter\":{\"a\\udc00\":1}}", "filter")]
    public async Task EndpointCreate_WithLoneSurrogate_Is422_AndWritesNothing(string body, string field)
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/endpoints", body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull();
        await EndpointCountShouldBe(1);
    }

    [Fact]
    public async Task Publish_WithLoneSurrogateInPayload_Is422_AndWritesNothing()
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/messages", "{\"event_type\":\"a.b\",\"payload\":{\"s\":\"x\\ud800\"}}");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["payload"].ShouldNotBeNull();
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Publish_NestedDeeperThanAnswersCanHold_Is422_AndTheDeepestAcceptedReadsBack()
    {
        var (tooDeep, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/messages",
            "{\"event_type\":\"a.b\",\"payload\":" + Nested(FreeJson.MaxDepth + 1) + "}");
        tooDeep.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());

        var (accepted, message) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/messages",
            "{\"event_type\":\"a.b\",\"payload\":" + Nested(FreeJson.MaxDepth) + "}");
        accepted.ShouldBe(HttpStatusCode.Accepted, message?.ToJsonString());
        var (listed, list) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages");
        listed.ShouldBe(HttpStatusCode.OK);
        list!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Bodies_WithUnknownCharset_Are415()
    {
        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Post, $"/api/v1/apps/{_app}/messages", "{\"event_type\":\"a.b\",\"payload\":{}}"),
            (HttpMethod.Patch, $"/api/v1/apps/{_app}/endpoints/{_endpoint}", "{\"description\":\"x\"}"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body) };
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
            using var response = await _host.Admin.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task Patch_WithWrongType_Is400ProblemNamingThePath()
    {
        var (status, problem) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/endpoints/{_endpoint}", "{\"timeout_seconds\":\"ten\"}");
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem.Str("detail").ShouldContain("timeout_seconds");
    }

    [Fact]
    public void JsonException_NotFromReadingTheRequest_IsAServerError()
    {
        // E.g. writing an answer failed: the client did nothing wrong, so no 400.
        ProblemMiddleware.Translate(new JsonException("could not be serialized")).Status.ShouldBe(500);
        ProblemMiddleware.Translate(new BadHttpRequestException("bad body", new JsonException("x"))).Status.ShouldBe(400);
    }

    private async Task EndpointCountShouldBe(int expected) =>
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints")).Body!["data"]!.AsArray().Count.ShouldBe(expected);

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);
}
