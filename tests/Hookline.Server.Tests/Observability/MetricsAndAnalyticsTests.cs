using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

public sealed class MetricsAndAnalyticsTests : IAsyncLifetime
{
    private MixedRun _run = null!;

    public async Task InitializeAsync()
    {
        _run = await MixedRun.StartAsync();
        await _run.PublishAndSettleAsync();
    }

    public async Task DisposeAsync() => await _run.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterAMixedRun_ParseAsPrometheusText_AndCountWhatWasSent()
    {
        using var anonymous = _run.Host.Client(null);
        var app = ("app_id", _run.AppId);
        IReadOnlyList<PrometheusText.Sample> samples = [];
        // The exporter caches a scrape briefly; poll until the last outcomes are in.
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await anonymous.GetAsync("/metrics");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
            samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            return samples.Sum("hookline_attempts_total", app) >= MixedRun.Good + MixedRun.Bad;
        }, TimeSpan.FromSeconds(30), "the scrape should show every attempt");

        samples.Sum("hookline_messages_published_total", app).ShouldBe(MixedRun.Good + MixedRun.Bad);
        samples.Sum("hookline_deliveries_created_total", app).ShouldBe(MixedRun.Good + MixedRun.Bad);
        samples.Sum("hookline_attempts_total", app, ("outcome", "succeeded")).ShouldBe(MixedRun.Good);
        samples.Sum("hookline_attempts_total", app, ("outcome", "dead"), ("error_class", "status")).ShouldBe(MixedRun.Bad);
        samples.Sum("hookline_attempts_total", app, ("endpoint_id", _run.BadEndpoint)).ShouldBe(MixedRun.Bad);
        samples.Sum("hookline_attempt_duration_seconds_count", app).ShouldBe(MixedRun.Good + MixedRun.Bad);
        samples.Where(s => s.Name == "hookline_attempt_duration_seconds_bucket" && s.Labels["le"] == "+Inf" && s.Labels.GetValueOrDefault("app_id") == _run.AppId)
            .Sum(s => s.Value).ShouldBe(MixedRun.Good + MixedRun.Bad);
        samples.Sum("hookline_store_duration_seconds_count", ("kind", "write")).ShouldBeGreaterThan(0);
        samples.Any(s => s.Name == "hookline_queue_depth").ShouldBeTrue();
        samples.Any(s => s.Name == "hookline_circuits_open").ShouldBeTrue();
        samples.SelectMany(s => s.Labels.Values).ShouldNotContain(v => v.StartsWith("msg_", StringComparison.Ordinal), "no message ids as labels");
    }

    [Fact]
    public async Task Overview_AfterAMixedRun_ReportsTheSuccessRateErrorsAndPerEndpointFigures()
    {
        var overview = await _run.GetAsync($"/api/v1/apps/{_run.AppId}/analytics/overview");

        overview["messages"]!.GetValue<long>().ShouldBe(MixedRun.Good + MixedRun.Bad);
        overview["deliveries"]!.GetValue<long>().ShouldBe(MixedRun.Good + MixedRun.Bad);
        var attempts = overview["attempts"]!;
        attempts["attempts"]!.GetValue<long>().ShouldBe(MixedRun.Good + MixedRun.Bad);
        attempts["succeeded"]!.GetValue<long>().ShouldBe(MixedRun.Good);
        attempts["dead"]!.GetValue<long>().ShouldBe(MixedRun.Bad);
        attempts["success_rate"]!.GetValue<double>().ShouldBe(0.6);
        attempts["latency_ms"]!["p95"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(attempts["latency_ms"]!["p50"]!.GetValue<double>());
        overview["errors"]!["by_status"]!["500"]!.GetValue<long>().ShouldBe(MixedRun.Bad);
        overview["errors"]!["by_class"]!["status"]!.GetValue<long>().ShouldBe(MixedRun.Bad);
        var endpoints = overview["endpoints"]!.AsArray();
        endpoints.Single(e => e.Str("endpoint_id") == _run.GoodEndpoint)!["summary"]!["success_rate"]!.GetValue<double>().ShouldBe(1);
        endpoints.Single(e => e.Str("endpoint_id") == _run.BadEndpoint)!["summary"]!["success_rate"]!.GetValue<double>().ShouldBe(0);
        var types = overview["event_types"]!.AsArray();
        types.Single(t => t.Str("event_type") == "order.paid")!["messages"]!.GetValue<long>().ShouldBe(MixedRun.Good);
    }

    [Fact]
    public async Task Trends_ByMinute_GiveOnePointPerMinute_SummingToTheRun()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");
        var since = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O");
        var trends = await _run.GetAsync($"/api/v1/apps/{_run.AppId}/analytics/trends?interval=minute&since={Uri.EscapeDataString(since)}&until={Uri.EscapeDataString(until)}");

        var points = trends["points"]!.AsArray();
        points.Count.ShouldBeInRange(31, 32);
        points.Sum(p => p!["attempts"]!["attempts"]!.GetValue<long>()).ShouldBe(MixedRun.Good + MixedRun.Bad);
        points.Sum(p => p!["messages"]!.GetValue<long>()).ShouldBe(MixedRun.Good + MixedRun.Bad);
        var times = points.Select(p => DateTimeOffset.Parse(p.Str("at"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        times.Zip(times.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("interval=week", "interval")]
    [InlineData("interval=minute&since=2020-01-01T00:00:00Z&until=2020-02-01T00:00:00Z", "interval")]
    [InlineData("since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until")]
    [InlineData("since=yesterday", "since")]
    public async Task Trends_WithBadParameters_Answer422NamingTheField(string query, string field)
    {
        var (status, body) = await _run.Host.Admin.GetJsonAsync($"/api/v1/apps/{_run.AppId}/analytics/trends?{query}");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]![field].ShouldNotBeNull(body.ToJsonString());
    }
}
