using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

/// <summary><c>Hookline:Analytics:Rollups</c> as an operator uses it: on, a mixed run reaches the analytics; off, they answer empty.</summary>
public abstract class RollupsSettingTests(IHostStarter hosts)
{
    [Theory]
    [InlineData("true", MixedRun.Good + MixedRun.Bad)]
    [InlineData("false", 0)]
    public async Task MixedRun_ReachesTheAnalytics_OnlyWithRollupsOn_AndTheyAnswerEitherWay(string rollups, long counted)
    {
        await using var run = await MixedRun.StartAsync(new Dictionary<string, string?> { ["Hookline:Analytics:Rollups"] = rollups }, hosts);
        await run.PublishAndSettleAsync();

        var overview = await run.GetAsync($"/api/v1/apps/{run.AppId}/analytics/overview");
        overview["messages"]!.GetValue<long>().ShouldBe(counted);
        overview["deliveries"]!.GetValue<long>().ShouldBe(counted);
        overview["attempts"]!["attempts"]!.GetValue<long>().ShouldBe(counted);
        overview["endpoints"]!.AsArray().Count.ShouldBe(counted == 0 ? 0 : 2);
        if (counted == 0)
        {
            overview["attempts"]!["success_rate"].ShouldBeNull("no attempts were summed");
        }
        var trends = await run.GetAsync($"/api/v1/apps/{run.AppId}/analytics/trends?interval=hour");
        trends["points"]!.AsArray().Sum(p => p!["attempts"]!["attempts"]!.GetValue<long>()).ShouldBe(counted);
    }
}

public sealed class SqliteRollupsSettingTests() : RollupsSettingTests(SqliteHosts.Instance);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRollupsSettingTests(PostgresFixture postgres) : RollupsSettingTests(postgres);
