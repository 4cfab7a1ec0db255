using System.Net;
using System.Text;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

/// <summary>Runs on every store.</summary>
public abstract class MessagesApiTests(IHostStarter hosts) : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        // The engine would send what we publish; these tests look at the rows publishing writes.
        _host = await hosts.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false", ["Hookline:MaxPayloadBytes"] = "2048" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Messages => $"/api/v1/apps/{_app}/messages";

    [Fact]
    public async Task Publish_FansOutToEndpointsMatchingEventTypeAndChannels()
    {
        var all = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/all" })).Str("id");
        var paid = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/paid", event_types = new[] { "invoice.paid" } })).Str("id");
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/other", event_types = new[] { "user.created" } });
        var eu = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/eu", channels = new[] { "eu" } })).Str("id");
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/us", channels = new[] { "us" } });
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/off", disabled = true });

        var (status, message) = await _host.Admin.PostAsync(Messages, new { event_type = "invoice.paid", payload = new { amount = 42 }, channels = new[] { "eu" } });
        status.ShouldBe(HttpStatusCode.Accepted);
        message.Str("id").ShouldStartWith("msg_");
        message!["deliveries"]!.GetValue<int>().ShouldBe(3);

        var (_, deliveries) = await _host.Admin.GetJsonAsync($"{Messages}/{message.Str("id")}/deliveries");
        var rows = deliveries!["data"]!.AsArray();
        rows.Select(d => d.Str("endpoint_id")).Order().ShouldBe(new[] { all, paid, eu }.Order());
        rows.ShouldAllBe(d => d.Str("status") == "pending" && d!["attempt_count"]!.GetValue<int>() == 0);
        rows.ShouldAllBe(d => d.Str("id").StartsWith("dlv_"));

        var (_, fetched) = await _host.Admin.GetJsonAsync($"{Messages}/{message.Str("id")}");
        fetched!["payload"]!["amount"]!.GetValue<int>().ShouldBe(42);
    }

    [Fact]
    public async Task Publish_WithRepeatedEventId_ReturnsFirstMessage()
    {
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/all" });
        var (_, first) = await _host.Admin.PostAsync(Messages, new { event_type = "a.b", payload = new { n = 1 }, event_id = "evt-1" });
        var (status, second) = await _host.Admin.PostAsync(Messages, new { event_type = "a.b", payload = new { n = 2 }, event_id = "evt-1" });
        status.ShouldBe(HttpStatusCode.Accepted);
        second.Str("id").ShouldBe(first.Str("id"));
        (await _host.Admin.GetJsonAsync(Messages)).Body!["data"]!.AsArray().Count.ShouldBe(1);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries")).Body!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_WithSameIdempotencyKeyAndBody_ReplaysFirstAnswer_AndDifferentBodyIsRefused()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-123" };
        var body = """{"event_type":"a.b","payload":{"n":1}}""";
        var (s1, first) = await _host.Admin.PostAsync(Messages, body, key);
        var (s2, again) = await _host.Admin.PostAsync(Messages, body, key);
        s1.ShouldBe(HttpStatusCode.Accepted);
        s2.ShouldBe(HttpStatusCode.Accepted);
        again.Str("id").ShouldBe(first.Str("id"));
        var (s3, problem) = await _host.Admin.PostAsync(Messages, """{"event_type":"a.b","payload":{"n":2}}""", key);
        s3.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.Str("detail").ShouldContain("Idempotency-Key");
        (await _host.Admin.GetJsonAsync(Messages)).Body!["data"]!.AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"event_type":"a.b"}""", 422, "payload")]
    [InlineData("""{"event_type":"a.b","payload":[1,2]}""", 422, "payload")]
    [InlineData("""{"event_type":"a.b","payload":"text"}""", 422, "payload")]
    [InlineData("""{"event_type":"a.b","payload":null}""", 422, "payload")]
    [InlineData("""{"payload":{}}""", 422, "event_type")]
    [InlineData("""{"event_type":"has space","payload":{}}""", 422, "event_type")]
    [InlineData("""{"event_type":"a.b","payload":{},"channels":["bad channel"]}""", 422, "channels")]
    [InlineData("""{"event_type":"a.b","payload":{},"event_id":""}""", 422, "event_id")]
    [InlineData("""{"event_type":5,"payload":{}}""", 400, "event_type")]
    [InlineData("""{"event_type":"a.b","payload":{},"extra":true}""", 400, "extra")]
    [InlineData("""{"event_type":"a.b","payload":{""", 400, "malformed")]
    [InlineData("", 400, "body")]
    public async Task Publish_WithBadInput_Returns4xxProblem_AndWritesNothing(string body, int expected, string mention)
    {
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/all" });
        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, Messages, body);
        ((int)status).ShouldBe(expected, problem?.ToJsonString());
        problem!.ToJsonString().ShouldContain(mention);
        (await _host.Admin.GetJsonAsync(Messages)).Body!["data"]!.AsArray().Count.ShouldBe(0);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries")).Body!["data"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Publish_PayloadOverTheLimit_IsRefused()
    {
        var big = new string('x', 3000);
        var (status, problem) = await _host.Admin.PostAsync(Messages, new { event_type = "a.b", payload = new { big } });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["payload"].ShouldNotBeNull();
        var huge = "{\"event_type\":\"a.b\",\"payload\":{\"x\":\"" + new string('y', 200_000) + "\"}}";
        var (tooLarge, _) = await _host.Admin.PostAsync(Messages, huge);
        tooLarge.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await _host.Admin.GetJsonAsync(Messages)).Body!["data"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Publish_WithWrongContentType_Returns415()
    {
        using var content = new StringContent("""{"event_type":"a.b","payload":{}}""", Encoding.UTF8, "text/plain");
        using var response = await _host.Admin.PostAsync(Messages, content);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Publish_WithDeeplyNestedPayload_Returns400()
    {
        var deep = new StringBuilder("{\"event_type\":\"a.b\",\"payload\":");
        for (var i = 0; i < 200; i++)
        {
            deep.Append("{\"a\":");
        }
        deep.Append('1').Append('}', 201);
        var (status, _) = await _host.Admin.PostAsync(Messages, deep.ToString());
        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_FiltersByEventTypeAndTime()
    {
        await _host.Admin.PostAsync(Messages, new { event_type = "a.one", payload = new { } });
        await _host.Admin.PostAsync(Messages, new { event_type = "a.two", payload = new { } });
        var (_, filtered) = await _host.Admin.GetJsonAsync($"{Messages}?event_type=a.two");
        filtered!["data"]!.AsArray().Select(m => m.Str("event_type")).ShouldBe(["a.two"]);
        var (_, future) = await _host.Admin.GetJsonAsync($"{Messages}?since=2999-01-01T00:00:00Z");
        future!["data"]!.AsArray().Count.ShouldBe(0);
        (await _host.Admin.GetJsonAsync($"{Messages}?since=yesterday")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Deliveries_FilterByStatusEndpointAndEventType()
    {
        var a = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/a" })).Str("id");
        await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/b" });
        await _host.Admin.PostAsync(Messages, new { event_type = "x.one", payload = new { } });
        await _host.Admin.PostAsync(Messages, new { event_type = "x.two", payload = new { } });
        var path = $"/api/v1/apps/{_app}/deliveries";
        (await _host.Admin.GetJsonAsync(path)).Body!["data"]!.AsArray().Count.ShouldBe(4);
        (await _host.Admin.GetJsonAsync($"{path}?endpoint_id={a}")).Body!["data"]!.AsArray().Count.ShouldBe(2);
        (await _host.Admin.GetJsonAsync($"{path}?endpoint_id={a}&event_type=x.two")).Body!["data"]!.AsArray().Count.ShouldBe(1);
        (await _host.Admin.GetJsonAsync($"{path}?status=pending")).Body!["data"]!.AsArray().Count.ShouldBe(4);
        (await _host.Admin.GetJsonAsync($"{path}?status=dead")).Body!["data"]!.AsArray().Count.ShouldBe(0);
        (await _host.Admin.GetJsonAsync($"{path}?status=weird")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}

public sealed class SqliteMessagesApiTests() : MessagesApiTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMessagesApiTests(PostgresFixture postgres) : MessagesApiTests(postgres);
