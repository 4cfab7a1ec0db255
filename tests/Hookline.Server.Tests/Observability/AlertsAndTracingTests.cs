using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hookline.Server.Background;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

public sealed partial class AlertsAndTracingTests : IAsyncLifetime
{
    private MixedRun _run = null!;
    private string _opsApp = null!;

    public async Task InitializeAsync()
    {
        // Evaluation is driven by the test; the background loop waits an hour between runs.
        _run = await MixedRun.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:OperationsApp"] = "ops",
            ["Hookline:Tracing"] = "true",
            ["Hookline:Alerts:EvaluationInterval"] = "01:00:00",
        });
        // The operations app named by uid is created at start.
        _opsApp = (await _run.Host.Admin.GetJsonAsync("/api/v1/apps/ops")).Body.Str("id");
    }

    public async Task DisposeAsync() => await _run.DisposeAsync();

    [Fact]
    public async Task FailureRateRule_CrossedByAMixedRun_FiresAndPublishesAnAlertEventIntoTheOperationsApp()
    {
        var (status, rule) = await _run.Host.Admin.PostAsync($"/api/v1/apps/{_run.AppId}/alert-rules",
            new { metric = "failure_rate", threshold = 0.25, period = "15m" });
        status.ShouldBe(HttpStatusCode.Created, rule?.ToJsonString());
        rule.Str("state").ShouldBe("ok");
        rule!["period_seconds"]!.GetValue<int>().ShouldBe(900);
        await _run.PublishAndSettleAsync();
        var evaluator = _run.Host.Service<AlertEvaluatorHost>().Evaluator;

        (await evaluator.EvaluateAllAsync(CancellationToken.None)).ShouldBe(1);
        (await evaluator.EvaluateAllAsync(CancellationToken.None)).ShouldBe(0, "a rule still above its threshold is reported once");

        var read = await _run.GetAsync($"/api/v1/apps/{_run.AppId}/alert-rules/{rule.Str("id")}");
        read.Str("state").ShouldBe("firing");
        read["last_value"]!.GetValue<double>().ShouldBe(0.4);
        await Eventually.HoldsAsync(async () =>
        {
            var (_, messages) = await _run.Host.Admin.GetJsonAsync($"/api/v1/apps/{_opsApp}/messages?event_type=alert.firing");
            return messages!["data"]!.AsArray().Count == 1;
        }, TimeSpan.FromSeconds(30), "one alert.firing message in the operations app");
        var message = (await _run.GetAsync($"/api/v1/apps/{_opsApp}/messages?event_type=alert.firing"))["data"]![0]!;
        message["payload"]!.Str("rule_id").ShouldBe(rule.Str("id"));
        message["payload"]!.Str("app_id").ShouldBe(_run.AppId);
        message["payload"]!["value"]!.GetValue<double>().ShouldBe(0.4);

        var (patched, _) = await _run.Host.Admin.PatchAsync($"/api/v1/apps/{_run.AppId}/alert-rules/{rule.Str("id")}", """{"threshold":0.5}""");
        patched.ShouldBe(HttpStatusCode.OK);
        (await evaluator.EvaluateAllAsync(CancellationToken.None)).ShouldBe(1, "0.4 is no longer above the threshold: resolved");
        (await _run.GetAsync($"/api/v1/apps/{_run.AppId}/alert-rules/{rule.Str("id")}")).Str("state").ShouldBe("ok");
    }

    [Theory]
    [InlineData("""{"metric":"errors","threshold":1,"period":60}""", "metric")]
    [InlineData("""{"metric":"failure_rate","threshold":2,"period":60}""", "threshold")]
    [InlineData("""{"metric":"backlog","threshold":10,"period":"5 minutes"}""", "period")]
    [InlineData("""{"metric":"backlog","threshold":10,"period":5}""", "period")]
    [InlineData("""{"metric":"latency_p95","threshold":500,"period":60,"endpoint_id":"ep_missing"}""", "endpoint_id")]
    public async Task AlertRule_WithABadField_Is422NamingIt(string body, string field)
    {
        var (status, problem) = await _run.Host.Admin.PostAsync($"/api/v1/apps/{_run.AppId}/alert-rules", body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await _run.GetAsync($"/api/v1/apps/{_run.AppId}/alert-rules"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Endpoint_ThatOptsIntoTracePropagation_ReceivesATraceparent_OthersDoNot()
    {
        var traced = await _run.Host.Admin.CreateEndpointAsync(_run.AppId,
            new { url = _run.Receiver.Url("/traced"), event_types = new[] { "trace.me" }, propagate_trace = true });
        traced["propagate_trace"]!.GetValue<bool>().ShouldBeTrue();
        await _run.Host.Admin.CreateEndpointAsync(_run.AppId, new { url = _run.Receiver.Url("/plain"), event_types = new[] { "trace.me" } });

        (await _run.Host.Admin.PostAsync($"/api/v1/apps/{_run.AppId}/messages", new { event_type = "trace.me", payload = new { a = 1 } })).Status
            .ShouldBe(HttpStatusCode.Accepted);
        await Eventually.HoldsAsync(() => Task.FromResult(_run.Receiver.At("/traced").Count == 1 && _run.Receiver.At("/plain").Count == 1),
            TimeSpan.FromSeconds(30), "both endpoints receive the message");

        TraceParent().IsMatch(_run.Receiver.At("/traced")[0].Headers["traceparent"]).ShouldBeTrue();
        _run.Receiver.At("/plain")[0].Headers.ContainsKey("traceparent").ShouldBeFalse();
    }

    [Fact]
    public async Task Attempt_OfAMessagePublishedInsideACallersTrace_JoinsThatTrace()
    {
        await _run.Host.Admin.CreateEndpointAsync(_run.AppId,
            new { url = _run.Receiver.Url("/joined"), event_types = new[] { "trace.joined" }, propagate_trace = true });
        const string callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{_run.AppId}/messages")
        {
            Content = JsonContent.Create(new { event_type = "trace.joined", payload = new { a = 1 } }),
        };
        request.Headers.Add("traceparent", $"00-{callerTrace}-00f067aa0ba902b7-01");

        (await _run.Host.Admin.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.HoldsAsync(() => Task.FromResult(_run.Receiver.At("/joined").Count == 1), TimeSpan.FromSeconds(30), "the message is delivered");

        // The attempt span (whose id the receiver gets) is in the caller's trace: publish span, then attempt.
        var received = _run.Receiver.At("/joined")[0].Headers["traceparent"];
        received.Split('-')[1].ShouldBe(callerTrace);
        received.Split('-')[2].ShouldNotBe("00f067aa0ba902b7");
    }

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$")]
    private static partial Regex TraceParent();
}
