using System.Security.Cryptography;
using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Client;

/// <summary>Analytics, alert rules, exports, the audit log, portal links and app environments, through the SDK against a real server.</summary>
public sealed class OperationsClientTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private HooklineClient Client => _server.Client;

    [Fact]
    public async Task Analytics_AndExports_ReportWhatWasDelivered()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var app = await Client.Apps.CreateAsync(new AppCreate("analytics"));
        var endpoint = await Client.Endpoints.CreateAsync(app.Id, new EndpointOptions { Url = receiver.Url("/ok") });
        var published = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            published.Add((await Client.Messages.PublishAsync(app.Id, "order.created", new { order = i })).Id);
        }
        await Eventually.HoldsAsync(async () =>
            (await InboundClientTests.ToListAsync(Client.Deliveries.ListAsync(app.Id, new DeliveryFilter(Status: "succeeded")))).Count == 3,
            TimeSpan.FromSeconds(30), "every delivery succeeds");

        AnalyticsOverview overview = null!;
        await Eventually.HoldsAsync(async () =>
        {
            overview = await Client.Analytics.GetOverviewAsync(app.Id, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(2));
            return overview.Attempts.Attempts == 3;
        }, TimeSpan.FromSeconds(30), "the rollups count the attempts");
        overview.Messages.ShouldBe(3);
        overview.Attempts.SuccessRate.ShouldBe(1);
        overview.Endpoints.ShouldHaveSingleItem().EndpointId.ShouldBe(endpoint.Id);
        overview.EventTypes.ShouldHaveSingleItem().EventType.ShouldBe("order.created");
        var trends = await Client.Analytics.GetTrendsAsync(app.Id, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(2), "minute");
        trends.Interval.ShouldBe("minute");
        trends.Points.Sum(p => p.Attempts.Succeeded).ShouldBe(3);
        var badInterval = await Should.ThrowAsync<HooklineValidationException>(() => Client.Analytics.GetTrendsAsync(app.Id, interval: "week"));
        badInterval.Errors.Keys.ShouldContain("interval");

        byte[] csv;
        string exportId;
        await using (var download = await Client.Exports.OpenMessagesAsync(app.Id, "csv", new MessageExportFilter(EventType: "order.created")))
        {
            download.ContentType.ShouldBe("text/csv");
            exportId = download.ExportId;
            using var copy = new MemoryStream();
            await download.Content.CopyToAsync(copy);
            csv = copy.ToArray();
        }
        var lines = System.Text.Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(4, "a header row and one per message");
        published.ShouldAllBe(id => lines.Any(l => l.Contains(id)));

        ExportRecord record = null!;
        await Eventually.HoldsAsync(async () =>
        {
            record = (await InboundClientTests.ToListAsync(Client.Exports.ListAsync(app.Id))).Single(e => e.Id == exportId);
            return record.FinishedAt is not null;
        }, TimeSpan.FromSeconds(30), "the export's record is finished");
        record.Rows.ShouldBe(3);
        record.Bytes.ShouldBe(csv.Length);
        record.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(csv)));
        record.Filters["event_type"].ShouldBe("order.created");

        await using var deliveries = await Client.Exports.OpenDeliveriesAsync(app.Id, "json", new DeliveryFilter(EndpointId: endpoint.Id));
        var parsed = await System.Text.Json.JsonDocument.ParseAsync(deliveries.Content);
        parsed.RootElement.GetArrayLength().ShouldBe(3);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Exports.OpenMessagesAsync("app_missing", "csv"));
    }

    [Fact]
    public async Task AlertRules_CreateListUpdateDelete_AndRefuseABadThreshold()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("alerts"));
        var rule = await Client.AlertRules.CreateAsync(app.Id, new AlertRuleOptions("failure_rate", 0.2, TimeSpan.FromMinutes(5)));
        rule.State.ShouldBe("ok");
        rule.PeriodSeconds.ShouldBe(300);
        (await Client.AlertRules.GetAsync(app.Id, rule.Id)).Threshold.ShouldBe(0.2);
        var changed = await Client.AlertRules.UpdateAsync(app.Id, rule.Id, new AlertRuleOptions(Threshold: 0.5, Period: TimeSpan.FromHours(1)));
        changed.Threshold.ShouldBe(0.5);
        changed.PeriodSeconds.ShouldBe(3600);
        changed.Metric.ShouldBe("failure_rate");
        (await InboundClientTests.ToListAsync(Client.AlertRules.ListAsync(app.Id))).ShouldHaveSingleItem().Id.ShouldBe(rule.Id);

        var invalid = await Should.ThrowAsync<HooklineValidationException>(() =>
            Client.AlertRules.CreateAsync(app.Id, new AlertRuleOptions("failure_rate", 2, TimeSpan.FromMinutes(5))));
        invalid.Errors.Keys.ShouldBe(["threshold"]);

        await Client.AlertRules.DeleteAsync(app.Id, rule.Id);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.AlertRules.GetAsync(app.Id, rule.Id));
    }

    [Fact]
    public async Task AuditLog_ShowsTheChangesMade_AndPortalLinks_AndEnvironments_Work()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("audited", Environment: "staging"));
        app.Environment.ShouldBe("staging");
        await Client.Apps.CreateAsync(new AppCreate("live", Environment: "production"));
        var staging = await InboundClientTests.ToListAsync(Client.Apps.ListAsync(environment: "staging"));
        staging.Select(a => a.Id).ShouldBe([app.Id]);
        (await Client.Apps.UpdateAsync(app.Id, new AppPatch(Environment: "production"))).Environment.ShouldBe("production");
        (await Should.ThrowAsync<HooklineValidationException>(() => Client.Apps.CreateAsync(new AppCreate("odd", Environment: "moon")))).Errors.Keys.ShouldContain("environment");

        var entries = await InboundClientTests.ToListAsync(Client.AuditLog.ListAsync(new AuditFilter(TargetId: app.Id)));
        entries.Count.ShouldBeGreaterThanOrEqualTo(2);
        entries.ShouldContain(e => e.Method == "PATCH" && e.Fields.Contains("environment"));
        entries.ShouldAllBe(e => e.TargetId == app.Id);

        var link = await Client.PortalLinks.CreateAsync(app.Id, new PortalLinkOptions(TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), new PortalBranding(Name: "Acme")));
        link.AppId.ShouldBe(app.Id);
        link.Url.ShouldContain("/admin/portal/");
        link.SessionSeconds.ShouldBe(3600);
        link.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(5));
        link.ExpiresAt.ShouldBeLessThan(DateTimeOffset.UtcNow.AddMinutes(11));
        using var portal = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var opened = await portal.GetAsync(link.Url);
        ((int)opened.StatusCode).ShouldBeLessThan(400, "the link opens the portal");
    }
}
