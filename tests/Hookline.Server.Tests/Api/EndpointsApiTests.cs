using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

public sealed class EndpointsApiTests : IAsyncLifetime
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
    public async Task Create_WithoutSecret_GeneratesWhsecSecret_AndDefaults()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook" });
        ep.Str("id").ShouldStartWith("ep_");
        var secret = ep.Str("secret");
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBeGreaterThanOrEqualTo(24);
        ep.Str("method").ShouldBe("POST");
        ep.Str("kind").ShouldBe("webhook");
        ep.Str("signature_scheme").ShouldBe("standard-webhooks");
        ep!["timeout_seconds"]!.GetValue<int>().ShouldBe(15);

        var (_, fetched) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}");
        fetched!["secret"].ShouldBeNull();
        var (_, secretBody) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}/secret");
        secretBody.Str("secret").ShouldBe(secret);
    }

    [Fact]
    public async Task Get_AndStats_ShowTheCircuit_ClosedForAFreshEndpoint_AndCompressionRoundTrips()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook", compression = "gzip" });
        ep.Str("compression").ShouldBe("gzip");

        var (_, fetched) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}");
        fetched!["circuit"]!.Str("state").ShouldBe("closed");
        fetched["circuit"]!["next_probe_at"].ShouldBeNull();
        fetched.Str("compression").ShouldBe("gzip");
        var (_, stats) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}/stats");
        stats!["circuit"]!.Str("state").ShouldBe("closed");
    }

    [Fact]
    public async Task BreakerSettings_AreBoundFromHooklineDeliveryBreaker()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "7",
            ["Hookline:Delivery:Breaker:BreakDuration"] = "00:01:30",
            ["Hookline:Delivery:AutoDisableAfter"] = "2.00:00:00",
            ["Hookline:Delivery:FailoverAfterAttempts"] = "4",
        });
        var options = host.Service<Microsoft.Extensions.Options.IOptions<Hookline.Core.Engine.DeliveryEngineOptions>>().Value;
        options.Breaker.ConsecutiveFailureThreshold.ShouldBe(7);
        options.Breaker.BreakDuration.ShouldBe(TimeSpan.FromSeconds(90));
        options.Breaker.MaxBreakDuration.ShouldBe(TimeSpan.FromMinutes(10));
        options.AutoDisableAfter.ShouldBe(TimeSpan.FromDays(2));
        options.FailoverAfterAttempts.ShouldBe(4);
    }

    [Fact]
    public async Task Create_StoresAndReturnsEveryField()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new
        {
            url = "https://example.com/hook",
            description = "billing",
            event_types = new[] { "invoice.paid", "invoice.failed" },
            channels = new[] { "eu" },
            kind = "slack",
            method = "PUT",
            headers = new Dictionary<string, string> { ["X-Team"] = "billing" },
            secret = "my-shared-secret-123",
            signature_scheme = "hmac-sha256-hex",
            retry_policy = new { max_attempts = 4, initial_delay_seconds = 0.5, backoff_multiplier = 3.0, max_delay_seconds = 60.0, jitter = 0.1, retry_on_status_codes = new[] { 500, 503 } },
            timeout_seconds = 30,
            rate_limit_per_second = 12.5,
            max_concurrency = 3,
            filter = new { field_path = "data.amount", @operator = "greater_than", value = 10 },
            transformation = new { template = "{{ data }}" },
            failover_url = "https://backup.example.com/hook",
            ordered = true,
            metadata = new Dictionary<string, string> { ["owner"] = "ops" },
        });
        var (_, e) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}");
        e.Str("description").ShouldBe("billing");
        e!["event_types"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe(["invoice.paid", "invoice.failed"]);
        e["channels"]![0]!.GetValue<string>().ShouldBe("eu");
        e.Str("kind").ShouldBe("slack");
        e.Str("method").ShouldBe("PUT");
        e["headers"]!["X-Team"]!.GetValue<string>().ShouldBe("billing");
        e.Str("signature_scheme").ShouldBe("hmac-sha256-hex");
        e["retry_policy"]!["max_attempts"]!.GetValue<int>().ShouldBe(4);
        e["retry_policy"]!["retry_on_status_codes"]!.AsArray().Count.ShouldBe(2);
        e["timeout_seconds"]!.GetValue<int>().ShouldBe(30);
        e["rate_limit_per_second"]!.GetValue<double>().ShouldBe(12.5);
        e["max_concurrency"]!.GetValue<int>().ShouldBe(3);
        e["filter"]!["operator"]!.GetValue<string>().ShouldBe("greater_than");
        e["transformation"]!["template"]!.GetValue<string>().ShouldBe("{{ data }}");
        e.Str("failover_url").ShouldBe("https://backup.example.com/hook");
        e["ordered"]!.GetValue<bool>().ShouldBeTrue();
        e["metadata"]!["owner"]!.GetValue<string>().ShouldBe("ops");
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}/secret")).Body.Str("secret").ShouldBe("my-shared-secret-123");
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com"}""", "url")]
    [InlineData("""{"url":"/relative"}""", "url")]
    [InlineData("""{"url":"https://user:pw@example.com"}""", "url")]
    [InlineData("""{}""", "url")]
    [InlineData("""{"url":"https://example.com","headers":{"X-A":"a\r\nInjected: 1"}}""", "headers")]
    [InlineData("""{"url":"https://example.com","headers":{"Bad Name":"x"}}""", "headers")]
    [InlineData("""{"url":"https://example.com","headers":{"webhook-signature":"v1,forged"}}""", "headers")]
    [InlineData("""{"url":"https://example.com","headers":{"Connection":"close"}}""", "headers")]
    [InlineData("""{"url":"https://example.com","timeout_seconds":0}""", "timeout_seconds")]
    [InlineData("""{"url":"https://example.com","timeout_seconds":61}""", "timeout_seconds")]
    [InlineData("""{"url":"https://example.com","method":"TRACE"}""", "method")]
    [InlineData("""{"url":"https://example.com","kind":"pager"}""", "kind")]
    [InlineData("""{"url":"https://example.com","signature_scheme":"md5"}""", "signature_scheme")]
    [InlineData("""{"url":"https://example.com","secret":"short"}""", "secret")]
    [InlineData("""{"url":"https://example.com","secret":"whsec_!!notbase64!!"}""", "secret")]
    [InlineData("""{"url":"https://example.com","retry_policy":{"schedule_seconds":[-1]}}""", "retry_policy")]
    [InlineData("""{"url":"https://example.com","retry_policy":{"max_attempts":0}}""", "retry_policy")]
    [InlineData("""{"url":"https://example.com","retry_policy":{"schedule_seconds":[1],"max_attempts":3}}""", "retry_policy")]
    [InlineData("""{"url":"https://example.com","rate_limit_per_second":0}""", "rate_limit_per_second")]
    [InlineData("""{"url":"https://example.com","max_concurrency":0}""", "max_concurrency")]
    [InlineData("""{"url":"https://example.com","compression":"brotli"}""", "compression")]
    [InlineData("""{"url":"https://example.com","filter":[1]}""", "filter")]
    [InlineData("""{"url":"https://example.com","failover_url":"nope"}""", "failover_url")]
    [InlineData("""{"url":"https://example.com","event_types":["bad type!"]}""", "event_types")]
    public async Task Create_WithInvalidField_Returns422NamingIt_AndWritesNothing(string body, string field)
    {
        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints")).Body!["data"]!.AsArray().Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"url":"https://example.com","timeout_seconds":"5"}""", "timeout_seconds")]
    [InlineData("""{"url":"https://example.com","nope":1}""", "nope")]
    [InlineData("""{"url":"https://example.com","retry_policy":{"retries":3}}""", "retries")]
    [InlineData("""{"url":"https://example.com",""", "malformed")]
    [InlineData("""[1,2]""", "$")]
    public async Task Create_WithMalformedBody_Returns400(string body, string mention)
    {
        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body);
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Str("detail").ShouldContain(mention);
    }

    [Fact]
    public async Task Create_InUnknownApp_Returns404()
    {
        var (status, problem) = await _host.Admin.PostAsync("/api/v1/apps/app_nope/endpoints", new { url = "https://example.com" });
        status.ShouldBe(HttpStatusCode.NotFound);
        problem.Str("detail").ShouldContain("app_nope");
    }

    [Fact]
    public async Task Patch_ChangesOnlySentFields_AndNullResetsToDefault()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/a", description = "d", timeout_seconds = 30, event_types = new[] { "a.b" } });
        var path = $"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}";
        var (status, patched) = await _host.Admin.PatchAsync(path, """{"url":"https://example.com/b","timeout_seconds":null}""");
        status.ShouldBe(HttpStatusCode.OK);
        patched.Str("url").ShouldBe("https://example.com/b");
        patched!["timeout_seconds"]!.GetValue<int>().ShouldBe(15);
        patched.Str("description").ShouldBe("d");
        patched["event_types"]!.AsArray().Count.ShouldBe(1);
        var (bad, _) = await _host.Admin.PatchAsync(path, """{"url":"not a url"}""");
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await _host.Admin.GetJsonAsync(path)).Body.Str("url").ShouldBe("https://example.com/b");
    }

    [Fact]
    public async Task RotateSecret_ReturnsNewSecret_AndGetSecretShowsIt()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/a" });
        var path = $"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}/secret";
        var (status, rotated) = await _host.Admin.PostAsync(path + "/rotate", "{}");
        status.ShouldBe(HttpStatusCode.OK);
        rotated.Str("secret").ShouldStartWith("whsec_");
        rotated.Str("secret").ShouldNotBe(ep.Str("secret"));
        (await _host.Admin.GetJsonAsync(path)).Body.Str("secret").ShouldBe(rotated.Str("secret"));
        var (bad, _) = await _host.Admin.PostAsync(path + "/rotate", """{"grace_period_seconds":-5}""");
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Delete_ThenGet_Returns404()
    {
        var ep = await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/a" });
        var path = $"/api/v1/apps/{_app}/endpoints/{ep.Str("id")}";
        (await _host.Admin.SendAsync(HttpMethod.Delete, path)).Status.ShouldBe(HttpStatusCode.NoContent);
        (await _host.Admin.GetJsonAsync(path)).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class EndpointTargetGuardTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:AllowPrivateTargets"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:192.168.1.1]/hook")]
    [InlineData("http://2130706433/hook")]
    public async Task Create_WithLiteralForbiddenTarget_IsRefusedAtOnce(string url)
    {
        var (status, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", new { url });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["url"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Create_WithPublicTarget_IsAccepted() =>
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://93.184.216.34/hook" });
}
