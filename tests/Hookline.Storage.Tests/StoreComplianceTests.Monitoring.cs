using Dapper;
using Hookline.Core.Deliveries;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Traffic_CountsMessagesAndAttemptsPerBucket_WithEmptyBucketsKept()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var ok = await PublishOneAsync(app.Id, Now);
        await FinishAsync(ok, DeliveryStatus.Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var bad = await PublishOneAsync(app.Id, Now);
        await FinishAsync(bad, DeliveryStatus.Failed, Now + TimeSpan.FromMinutes(1));

        var buckets = await Store.Monitoring.TrafficAsync(app.Id, Start, TimeSpan.FromMinutes(5), 4);

        buckets.Select(b => b.Messages).ShouldBe([1L, 0, 1, 0]);
        buckets.Select(b => b.Attempts).ShouldBe([1L, 0, 1, 0]);
        buckets.Select(b => b.SucceededAttempts).ShouldBe([1L, 0, 0, 0]);
        buckets[0].SuccessRate.ShouldBe(1.0);
        buckets[1].SuccessRate.ShouldBeNull();
        buckets[0].P95DurationMs.ShouldBe(120);
        buckets[1].P95DurationMs.ShouldBeNull();
        buckets[1].Start.ShouldBe(Start + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Traffic_OfOneApp_LeavesOutOtherApps_AndAdminSeesAll()
    {
        var mine = await NewAppAsync();
        var other = await NewAppAsync(name: "Other");
        await NewEndpointAsync(mine.Id);
        await NewEndpointAsync(other.Id);
        await PublishOneAsync(mine.Id, Now);
        await PublishOneAsync(other.Id, Now);
        await PublishOneAsync(other.Id, Now);

        (await Store.Monitoring.TrafficAsync(mine.Id, Start, TimeSpan.FromHours(1), 1))[0].Messages.ShouldBe(1);
        (await Store.Monitoring.TrafficAsync(null, Start, TimeSpan.FromHours(1), 1))[0].Messages.ShouldBe(3);
    }

    [Fact]
    public async Task Backlog_CountsUnfinishedAndDeadDeliveries_AndWhatIsDue()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var dead = await PublishOneAsync(app.Id, Now);
        await FinishAsync(dead, DeliveryStatus.Dead);
        var retrying = await PublishOneAsync(app.Id, Now);
        await FinishAsync(retrying, DeliveryStatus.Failed, Now + TimeSpan.FromHours(1));
        await PublishOneAsync(app.Id, Now);

        var backlog = await Store.Monitoring.BacklogAsync(app.Id, Now);

        backlog.Pending.ShouldBe(1);
        backlog.Failed.ShouldBe(1);
        backlog.Dead.ShouldBe(1);
        backlog.Due.ShouldBe(1);
        backlog.Waiting.ShouldBe(1);
        backlog.OldestDueAt.ShouldBe(Now);
    }

    [Fact]
    public async Task FailingEndpoints_ListOnlyEndpointsWithFailedAttempts_WithTheLastError()
    {
        var app = await NewAppAsync();
        var endpoint = await NewEndpointAsync(app.Id);
        var ok = await PublishOneAsync(app.Id, Now);
        await FinishAsync(ok, DeliveryStatus.Succeeded);
        (await Store.Monitoring.FailingEndpointsAsync(app.Id, Start, 10)).ShouldBeEmpty();

        Clock.Advance(TimeSpan.FromSeconds(5));
        var bad = await PublishOneAsync(app.Id, Now);
        await FinishAsync(bad, DeliveryStatus.Dead);

        var failing = (await Store.Monitoring.FailingEndpointsAsync(app.Id, Start, 10)).ShouldHaveSingleItem();
        failing.EndpointId.ShouldBe(endpoint.Id);
        failing.Url.ShouldBe(endpoint.Url);
        failing.Attempts.ShouldBe(2);
        failing.FailedAttempts.ShouldBe(1);
        failing.LastFailureAt.ShouldBe(Now);
        failing.LastErrorClass.ShouldBe(AttemptErrorClasses.Status);
        failing.LastStatusCode.ShouldBe(500);
        (await Store.Monitoring.FailingEndpointsAsync(app.Id, Now + TimeSpan.FromSeconds(1), 10)).ShouldBeEmpty();
    }
    [Fact]
    public async Task Traffic_Latency_IsTheNearestRank95thPercentile_NotTheAverage()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 20; i++)
        {
            deliveries.Add(await PublishOneAsync(app.Id, Now));
        }
        (await ClaimAsync()).Count.ShouldBe(20);
        // Durations 10, 20, … 200 ms, and one slow outlier replacing the last: the average moves, p95 stays at the 19th value.
        var outcomes = deliveries.Select((d, i) =>
        {
            var o = Outcome(d.Id, DeliveryStatus.Succeeded);
            return o with { Attempt = o.Attempt with { DurationMs = i == 19 ? 30_000 : (i + 1) * 10 } };
        }).ToList();
        await Store.Queue.CompleteAsync(outcomes);

        var bucket = (await Store.Monitoring.TrafficAsync(app.Id, Start, TimeSpan.FromMinutes(5), 1)).ShouldHaveSingleItem();

        bucket.Attempts.ShouldBe(20);
        bucket.P95DurationMs.ShouldBe(190);
    }

    [Fact]
    public async Task DashboardLatencyQuery_ReadsTheAttemptsIndex_NotTheTable()
    {
        await using var connection = await OpenRawAsync();
        var args = new { appId = (string?)null, since = 0L, until = 1_000L, width = 100L };
        string plan;
        if (connection.GetType().Name.Contains("Sqlite", StringComparison.Ordinal))
        {
            var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + MonitoringQueries.P95Sql, args);
            plan = string.Join("\n", rows.Select(r => r.Detail));
        }
        else
        {
            // An empty table makes any plan cheap; forbid the sequential scan to see whether the index can serve the query at all.
            await connection.ExecuteAsync("SET enable_seqscan = off");
            plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + MonitoringQueries.P95Sql, args));
        }

        plan.ShouldContain("ix_attempts_dashboard", customMessage: plan);
        plan.ShouldNotContain("Seq Scan on attempts", customMessage: plan);
        plan.ShouldNotContain("SCAN a\n", customMessage: plan);
    }
}
