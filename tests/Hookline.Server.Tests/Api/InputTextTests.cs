using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

/// <summary>Text that can't be sent or stored (invalid UTF-8, non-ASCII header values) and the words the refusals use.</summary>
public sealed class InputTextTests : IAsyncLifetime
{
    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Problem)> SendBytesAsync(HttpMethod method, string path, string before, string after)
    {
        var body = Encoding.UTF8.GetBytes(before).Concat(InvalidUtf8).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _host.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Theory]
    [InlineData("{\"event_type\":\"a.b\",\"payload\":{\"s\":\"x", "\"}}")]
    [InlineData("{\"event_type\":\"a.b\",\"payload\":{\"k", "\":1}}")]
    public async Task Publish_WithInvalidUtf8InAPayloadString_Is422NamingThePayload_AndWritesNothing(string before, string after)
    {
        var (status, problem) = await SendBytesAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/messages", before, after);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["payload"]![0]!.GetValue<string>().ShouldContain("UTF-8");
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task EndpointFilter_WithInvalidUtf8_SaysSo()
    {
        var (status, problem) = await SendBytesAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/endpoints",
            "{\"url\":\"https://example.com/a\",\"filter\":{\"a\":\"", "\"}}");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        var message = problem!["errors"]!["filter"]![0]!.GetValue<string>();
        message.ShouldContain("UTF-8");
        message.ShouldNotContain("surrogate");
    }

    [Theory]
    [InlineData("café")]
    [InlineData("naïve ✓")]
    public async Task EndpointHeaders_WithNonAsciiValue_Are422_AtCreateAndPatch(string value)
    {
        var (created, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            new { url = "https://example.com/a", headers = new Dictionary<string, string> { ["X-Team"] = value } });
        created.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["headers"]![0]!.GetValue<string>().ShouldContain("ASCII");

        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/b" });
        var (patched, patchProblem) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/endpoints/{endpoint.Str("id")}",
            System.Text.Json.JsonSerializer.Serialize(new { headers = new Dictionary<string, string> { ["X-Team"] = value } }));
        patched.ShouldBe(HttpStatusCode.UnprocessableEntity, patchProblem?.ToJsonString());
    }

    [Fact]
    public async Task EndpointHeader_TooLong_SaysHowLong()
    {
        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints",
            new { url = "https://example.com/a", headers = new Dictionary<string, string> { ["X-Big"] = new string('a', 100_000) } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        var message = problem!["errors"]!["headers"]![0]!.GetValue<string>();
        message.ShouldContain("8192");
        message.ShouldNotContain("control");
    }

    [Fact]
    public async Task FieldName_ThatIsNotUtf8_Is400_NotA500_AndCreatesNothing()
    {
        var (status, problem) = await SendBytesAsync(HttpMethod.Post, "/api/v1/apps", "{\"name\":\"x\",\"na", "me\":1}");

        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem.Str("detail").ShouldContain("unknown field");
        (await _host.Admin.GetJsonAsync("/api/v1/apps")).Body!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task FieldName_ThatIsNotUtf8_InAPatch_Is400_AndChangesNothing()
    {
        var (status, problem) = await SendBytesAsync(HttpMethod.Patch, $"/api/v1/apps/{_app}", "{\"name\":\"changed\",\"na", "me\":1}");

        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}")).Body.Str("name").ShouldNotBe("changed");
    }

    [Fact]
    public async Task TypedText_ThatIsNotUtf8_SaysSo_NamingTheField()
    {
        var (status, problem) = await SendBytesAsync(HttpMethod.Post, "/api/v1/apps", "{\"name\":\"a", "b\"}");

        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem.Str("detail").ShouldBe("the text at $.name is not valid UTF-8");
    }

    [Fact]
    public async Task AlertRulePeriod_ThatIsNotUtf8_OrALoneSurrogate_Is422NamingPeriod_AndCreatesNothing()
    {
        var path = $"/api/v1/apps/{_app}/alert-rules";
        var (invalid, problem) = await SendBytesAsync(HttpMethod.Post, path, "{\"metric\":\"backlog\",\"threshold\":1,\"period\":\"5", "m\"}");
        var (surrogate, surrogateProblem) = await _host.Admin.SendAsync(HttpMethod.Post, path, "{\"metric\":\"backlog\",\"threshold\":1,\"period\":\"\\ud800\"}");

        invalid.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["period"]![0]!.GetValue<string>().ShouldContain("valid text");
        surrogate.ShouldBe(HttpStatusCode.UnprocessableEntity, surrogateProblem?.ToJsonString());
        surrogateProblem!["errors"]!["period"].ShouldNotBeNull();
        (await _host.Admin.GetJsonAsync(path)).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("café")]
    [InlineData("日本")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u001bb")]
    public async Task TemplateHeaders_ThatCannotBeSent_Are422NamingHeaders_AtCreateAndPatch(string value)
    {
        var headers = new Dictionary<string, string> { ["X-A"] = value };
        var (created, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/templates", new { name = "t", body = "{{ payload }}", headers });
        created.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]!["headers"]![0]!.GetValue<string>().ShouldContain("'X-A'");
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/templates")).Body!["data"]!.AsArray().ShouldBeEmpty();

        var (_, template) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/templates", new { name = "t", body = "{{ payload }}" });
        var path = $"/api/v1/apps/{_app}/templates/{template.Str("id")}";
        var (patched, patchProblem) = await _host.Admin.PatchAsync(path, System.Text.Json.JsonSerializer.Serialize(new { headers }));
        patched.ShouldBe(HttpStatusCode.UnprocessableEntity, patchProblem?.ToJsonString());
        (await _host.Admin.GetJsonAsync(path)).Body!["headers"]!.AsObject().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e308")]
    [InlineData("9223372036854775808")]
    [InlineData("1234567890123456789012345678901234567890")]
    public async Task WholeNumberField_WithAFractionOrBeyondItsRange_Is400SayingAWholeNumberIsExpected(string value)
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/endpoints", $"{{\"url\":\"https://example.com/a\",\"timeout_seconds\":{value}}}");

        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        problem.Str("detail").ShouldBe("wrong type for the value at $.timeout_seconds: expected a whole number from -2147483648 to 2147483647");
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/apps?limit=abc", "limit")]
    [InlineData("/api/v1/apps?limit=1e3", "limit")]
    public async Task ListQuery_WithANonNumber_Is400NamingTheParameter_InPlainWords(string path, string parameter)
    {
        var (status, problem) = await _host.Admin.GetJsonAsync(path);

        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        var detail = problem.Str("detail");
        detail.ShouldContain($"'{parameter}'");
        detail.ShouldContain("whole number");
        detail.ShouldNotContain("Nullable");
    }
}

/// <summary>The rate limit: bounded so no wait it causes outlasts a lease, and settable per minute as seed 002 does.</summary>
public sealed class EndpointRateLimitTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_second\":1e-12}", "rate_limit_per_second")]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_second\":5e-324}", "rate_limit_per_second")]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_second\":0.001}", "rate_limit_per_second")]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_minute\":0.5}", "rate_limit_per_minute")]
    [InlineData("{\"url\":\"https://example.com/a\",\"rate_limit_per_minute\":60,\"rate_limit_per_second\":1}", "rate_limit_per_minute")]
    public async Task VanishingOrDoubleRateLimit_Is422NamingTheField(string body, string field)
    {
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/endpoints", body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task RateLimitPerMinute_IsStoredAsItsPerSecondRate()
    {
        var created = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/a", rate_limit_per_minute = 30 });

        created["rate_limit_per_second"]!.GetValue<double>().ShouldBe(0.5);
        created["rate_limit_per_minute"]!.GetValue<double>().ShouldBe(30);
        var (_, patched) = await _host.Admin.PatchAsync($"/api/v1/apps/{_app}/endpoints/{created.Str("id")}", """{"rate_limit_per_minute":120}""");
        patched!["rate_limit_per_second"]!.GetValue<double>().ShouldBe(2);
    }
}
