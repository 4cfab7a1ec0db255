using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Inbound;

public sealed class SourcesApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Sources => $"/api/v1/apps/{_app}/sources";

    [Fact]
    public async Task Create_ShowsIngestUrlAndGeneratedSecretOnce()
    {
        var created = await _host.Admin.CreateSourceAsync(_app, new { name = "GitHub", uid = "gh", verification = new { type = "github" } });

        created.Str("id").ShouldStartWith("src_");
        created.Str("ingest_url").ShouldBe(new Uri(_host.BaseAddress, "/in/" + created.Str("id")).ToString());
        var secret = created["verification"]!["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");
        var (_, got) = await _host.Admin.GetJsonAsync($"{Sources}/{created.Str("id")}");
        got!["verification"]!["secret"].ShouldBeNull();
        got.Str("uid").ShouldBe("gh");
        (await _host.Admin.GetJsonAsync($"{Sources}/{created.Str("id")}/requests")).Body!.ToJsonString().ShouldNotContain(secret);
        (await _host.Admin.GetJsonAsync(Sources)).Body!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"verification":{"type":"hmac"}}""", "verification.header")]
    [InlineData("""{"verification":{"type":"hmac","header":"X-Sig","algorithm":"md5"}}""", "verification.algorithm")]
    [InlineData("""{"verification":{"type":"hmac","header":"X-Sig","signed_payload":"{timestamp}.{body}"}}""", "verification.signed_payload")]
    [InlineData("""{"verification":{"type":"github","header":"X-Sig"}}""", "verification.header")]
    [InlineData("""{"verification":{"type":"basic"}}""", "verification.username")]
    [InlineData("""{"verification":{"type":"magic"}}""", "verification.type")]
    [InlineData("""{"verification":{"type":"api-key","secret":"short"}}""", "verification.secret")]
    [InlineData("""{"verification":{"type":"standard-webhooks","secret":"not-a-whsec-secret-at-all"}}""", "verification.secret")]
    [InlineData("""{"mapping":{"customer_id_field":"a..b"}}""", "mapping.customer_id_field")]
    [InlineData("""{"mapping":{"event_type":"has space"}}""", "mapping.event_type")]
    [InlineData("""{"ip_allow_list":["10.0.0.0/33"]}""", "ip_allow_list")]
    [InlineData("""{"rate_limit_per_second":0}""", "rate_limit_per_second")]
    [InlineData("""{"allowed_event_types":["ok","not ok"]}""", "allowed_event_types")]
    [InlineData("""{"dedupe":{"header":"X-Id","path":"id"}}""", "dedupe")]
    [InlineData("""{"uid":"src_sneaky"}""", "uid")]
    public async Task Create_WithBadField_Is422NamingIt_AndWritesNothing(string fields, string field)
    {
        var body = "{\"name\":\"Bad\"," + fields.TrimStart('{');
        var (status, problem) = await _host.Admin.PostAsync(Sources, body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await _host.Admin.GetJsonAsync(Sources)).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_WithNameOrUidTaken_InAnyAppAndCase_Is409()
    {
        var other = (await _host.Admin.CreateAppAsync("Other")).Str("id");
        await _host.Admin.CreateSourceAsync(_app, new { name = "CDR System", uid = "cdr" });

        var (byName, problem) = await _host.Admin.PostAsync($"/api/v1/apps/{other}/sources", new { name = "cdr system" });
        var (byUid, _) = await _host.Admin.PostAsync($"/api/v1/apps/{other}/sources", new { name = "Another", uid = "cdr" });

        byName.ShouldBe(HttpStatusCode.Conflict);
        problem.Str("detail").ShouldContain("cdr system");
        byUid.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patch_ChangesOnlyGivenFields_AndSwitchingToASecretTypeGeneratesOne()
    {
        var created = await _host.Admin.CreateSourceAsync(_app, new { name = "Feed", rate_limit_per_second = 10, mapping = new { customer_id_field = "msisdn" } });
        var path = $"{Sources}/{created.Str("id")}";

        var (status, patched) = await _host.Admin.PatchAsync(path, """{"verification":{"type":"api-key","header":"X-Feed-Key"},"allowed_event_types":["a.b"]}""");

        status.ShouldBe(HttpStatusCode.OK, patched?.ToJsonString());
        patched!["verification"]!["header"]!.GetValue<string>().ShouldBe("X-Feed-Key");
        patched["verification"]!["secret"]!.GetValue<string>().ShouldStartWith("whsec_");
        patched["rate_limit_per_second"]!.GetValue<double>().ShouldBe(10);
        patched["mapping"]!["customer_id_field"]!.GetValue<string>().ShouldBe("msisdn");
        var (_, reset) = await _host.Admin.PatchAsync(path, """{"mapping":null,"rate_limit_per_second":null}""");
        reset!["mapping"].ShouldBeNull();
        reset["rate_limit_per_second"].ShouldBeNull();
        reset["verification"]!["secret"].ShouldBeNull();
        (await _host.Admin.PatchAsync(path, """{"verification":{"type":"hmac"}}""")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Delete_RemovesTheSource_AndItsIngestUrlAnswers404()
    {
        var created = await _host.Admin.CreateSourceAsync(_app, new { name = "Gone" });
        (await _host.Admin.SendAsync(HttpMethod.Delete, $"{Sources}/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await _host.Admin.GetJsonAsync($"{Sources}/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NotFound);
        using var sender = _host.Client(null);
        (await sender.SendRawAsync($"/in/{created.Str("id")}", """{"customer_id":"c","event_type":"t"}""")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SourcesAndEvents_NeedAnApiKey_AndAnotherAppsKeySeesNothing_ButIntakeNeedsNone()
    {
        var created = await _host.Admin.CreateSourceAsync(_app, new { name = "Scoped" });
        using var anonymous = _host.Client(null);
        (await anonymous.GetJsonAsync(Sources)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetJsonAsync($"/api/v1/apps/{_app}/events")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        var other = (await _host.Admin.CreateAppAsync("Other")).Str("id");
        var (_, key) = await _host.Admin.PostAsync($"/api/v1/apps/{other}/api-keys", new { name = "other" });
        using var otherClient = _host.Client(key.Str("key"));
        (await otherClient.GetJsonAsync($"{Sources}/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await otherClient.GetJsonAsync($"/api/v1/apps/{other}/sources/{created.Str("id")}")).Status.ShouldBe(HttpStatusCode.NotFound);

        (await anonymous.SendRawAsync($"/in/{created.Str("id")}", """{"customer_id":"c","event_type":"t"}""")).Status.ShouldBe(HttpStatusCode.Accepted);
        (await otherClient.GetJsonAsync($"/api/v1/apps/{other}/events")).Body!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Events_FilterByTimeRange_AndRefuseABadTime()
    {
        var created = await _host.Admin.CreateSourceAsync(_app, new { name = "Timed" });
        using var sender = _host.Client(null);
        foreach (var t in new[] { "2024-01-01T10:00:00Z", "2024-01-01T12:00:00Z", "2024-01-01T14:00:00Z" })
        {
            (await sender.SendRawAsync($"/in/{created.Str("id")}", $$"""{"customer_id":"c","event_type":"t","timestamp":"{{t}}"}""")).Status.ShouldBe(HttpStatusCode.Accepted);
        }
        var events = await _host.Admin.EventsAsync(_app, "?since=2024-01-01T11:00:00Z&until=2024-01-01T13:00:00Z");
        events.ShouldHaveSingleItem()!.Str("timestamp").ShouldBe("2024-01-01T12:00:00Z");
        var (bad, problem) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/events?since=yesterday");
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["since"].ShouldNotBeNull();
        var one = events[0]!;
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/events/{one.Str("id")}")).Body.Str("message_id").ShouldBe(one.Str("message_id"));
    }

    [Fact]
    public async Task OpenApi_DescribesSourcesEventsAndIntake_AndStaysValid()
    {
        using var anonymous = _host.Client(null);
        var (_, doc) = await anonymous.GetJsonAsync("/openapi/v1.json");
        var paths = doc!["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/apps/{app}/sources", "/api/v1/apps/{app}/sources/{source}", "/api/v1/apps/{app}/sources/{source}/requests",
            "/api/v1/apps/{app}/sources/{source}/secret/rotate", "/api/v1/apps/{app}/events", "/api/v1/apps/{app}/events/{event}", "/in", "/in/{source}", "/in/info" })
        {
            paths.ContainsKey(path).ShouldBeTrue(path);
        }
        paths["/in/{source}"]!["post"]!["requestBody"].ShouldNotBeNull();
        paths["/in/{source}"]!["post"]!["security"]!.AsArray().ShouldBeEmpty();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        schemas["SourceInput"]!["properties"]!["verification"].ShouldNotBeNull();
        schemas["SourceResponse"]!["properties"]!["ingest_url"].ShouldNotBeNull();
        schemas["IntakeResponse"]!["properties"]!["event_id"].ShouldNotBeNull();
        await OpenApiValidator.AssertValidAsync(doc.ToJsonString());
    }
}
