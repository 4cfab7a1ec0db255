using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Hookline.Server.Tests.Notifications;

/// <summary>
/// Chat endpoints end to end: a real server delivers seed-style project events and operational
/// alerts to fake Discord, Teams and Slack webhooks over loopback HTTP, which check each message
/// against the platform's shape and limits and answer as the platforms do.
/// </summary>
public sealed class NotificationEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static readonly string[] SeedTypes = ["task_completed", "badge_earned", "project_created", "milestone_reached", "daily_streak"];

    private static readonly Dictionary<string, string> SeedPayloads = new()
    {
        ["task_completed"] = """{"task_id":123,"task_title":"Implement user authentication","task_description":"Add login and signup functionality","user_name":"john_doe","user_id":1,"project_name":"Web App Project","project_id":1,"points":25,"completed_at":"2024-01-15T10:30:00Z"}""",
        ["badge_earned"] = """{"badge_id":5,"badge_name":"Task Master","badge_description":"Complete 10 tasks in a single day","user_name":"john_doe","user_id":1,"earned_at":"2024-01-15T10:30:00Z"}""",
        ["project_created"] = """{"project_id":2,"project_name":"Mobile App Development","project_description":"Build a cross-platform mobile application","user_name":"jane_smith","user_id":2,"created_at":"2024-01-15T10:30:00Z"}""",
        ["milestone_reached"] = """{"milestone_name":"50% Project Completion","project_name":"Web App Project","project_id":1,"progress":50,"user_name":"project_manager","user_id":3}""",
        ["daily_streak"] = """{"user_name":"john_doe","user_id":1,"streak_days":7,"streak_type":"Daily task completion"}""",
    };

    private FakeChatPlatforms _platforms = null!;
    private TestHost? _host;

    public async Task InitializeAsync() => _platforms = await FakeChatPlatforms.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await _platforms.DisposeAsync();
    }

    private TestHost Host => _host!;

    private async Task<string> StartWithAppAsync(Dictionary<string, string?>? settings = null)
    {
        _host = await TestHost.StartAsync(settings);
        return (await Host.Admin.CreateAppAsync("Zentry")).Str("id");
    }

    private async Task PublishAsync(string app, string eventType, string payload, string? eventId = null)
    {
        var (status, body) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/messages",
            $$"""{"event_type":"{{eventType}}","event_id":"{{eventId ?? Guid.NewGuid().ToString("N")}}","payload":{{payload}}}""");
        status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
    }

    private async Task<IReadOnlyList<PlatformRequest>> ReceivedAsync(string url, int count, string because)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(_platforms.At(url).Count >= count), Within, because);
        return _platforms.At(url);
    }

    private async Task<JsonNode> DeliveryAsync(string app, string deliveryId, Func<JsonNode, bool> until, string because)
    {
        JsonNode? detail = null;
        await Eventually.HoldsAsync(async () =>
        {
            (_, detail) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries/{deliveryId}");
            return detail is not null && until(detail);
        }, Within, because);
        return detail!;
    }

    private async Task<string> OnlyDeliveryIdAsync(string app, string endpointId)
    {
        string? id = null;
        await Eventually.HoldsAsync(async () =>
        {
            var (_, list) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries?endpoint_id={endpointId}");
            id = list?["data"]?.AsArray().FirstOrDefault()?.Str("id");
            return id is not null;
        }, Within, "the publish should have made a delivery");
        return id!;
    }

    [Fact]
    public async Task SeedEvents_ReachDiscordTeamsAndSlack_AsValidReadableMessages()
    {
        var app = await StartWithAppAsync();
        var urls = new Dictionary<string, (string Kind, object? Notification)>
        {
            [_platforms.DiscordUrl()] = ("discord", new { username = "Zentry Bot" }),
            [_platforms.TeamsUrl()] = ("teams", null),
            [_platforms.TeamsLegacyUrl()] = ("teams", new { teams_format = "message_card" }),
            [_platforms.SlackUrl()] = ("slack", null),
        };
        foreach (var (url, (kind, notification)) in urls)
        {
            await Host.Admin.CreateEndpointAsync(app, new { url, kind, event_types = SeedTypes, notification });
        }

        foreach (var type in SeedTypes)
        {
            await PublishAsync(app, type, SeedPayloads[type]);
        }

        foreach (var url in urls.Keys)
        {
            var received = await ReceivedAsync(url, SeedTypes.Length, $"each seed event should reach {url}");
            received.Count.ShouldBe(SeedTypes.Length);
            received.ShouldAllBe(r => r.Problem == null, string.Join("; ", received.Select(r => r.Problem)));
        }
        _platforms.At(_platforms.DiscordUrl()).Select(r => r.Json["embeds"]![0]!.Str("title")).Order()
            .ShouldBe(new[] { "✅ Task Completed", "🏆 Badge Earned", "🚀 Project Created", "🎯 Milestone Reached", "🔥 Daily Streak" }.Order());
        _platforms.At(_platforms.DiscordUrl()).ShouldAllBe(r => r.Json.Str("username") == "Zentry Bot");
        _platforms.At(_platforms.SlackUrl()).Select(r => r.Json["blocks"]![0]!["text"]!.Str("text"))
            .ShouldContain("🔥 Daily Streak");
        var streak = _platforms.At(_platforms.SlackUrl()).Single(r => r.Json["blocks"]![0]!["text"]!.Str("text") == "🔥 Daily Streak");
        streak.Json.Str("text").ShouldBe("🔥 Daily Streak: john_doe is on a 7-day streak");
        _platforms.At(_platforms.TeamsUrl()).ShouldAllBe(r => r.Json["attachments"]![0]!["content"]!.Str("version") == "1.4");
        _platforms.At(_platforms.TeamsLegacyUrl()).Select(r => r.Json.Str("themeColor")).Distinct().Count().ShouldBe(5);

        // Every delivery succeeded on the platforms' own success codes: 204, 202, 200 "1", 200 "ok".
        await Eventually.HoldsAsync(async () =>
        {
            var (_, list) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries?status=succeeded&limit=100");
            return list!["data"]!.AsArray().Count == 20;
        }, Within, "all twenty deliveries should succeed");
    }

    [Fact]
    public async Task Discord429WithRetryAfter_IsWaitedOutExactly_AndTheDeliverySucceedsWithoutSpendingItsOnlyAttempt()
    {
        // One failure in a row would open the circuit, and the policy allows a single attempt:
        // only a rate limit that is waited out, not counted, lets this delivery succeed.
        var app = await StartWithAppAsync(new() { ["Hookline:Delivery:Breaker:ConsecutiveFailureThreshold"] = "1" });
        var url = _platforms.DiscordUrl("limited");
        var endpoint = (await Host.Admin.CreateEndpointAsync(app, new { url, kind = "discord", retry_policy = new { max_attempts = 1 } })).Str("id");
        _platforms.Script(url, FakeChatPlatforms.DiscordRateLimit(0.6));

        await PublishAsync(app, "badge_earned", SeedPayloads["badge_earned"]);

        var delivery = await DeliveryAsync(app, await OnlyDeliveryIdAsync(app, endpoint),
            d => d["delivery"]!.Str("status") is "succeeded" or "dead", "the delivery should settle");
        delivery["delivery"]!.Str("status").ShouldBe("succeeded");
        var attempts = delivery["attempts"]!.AsArray().OrderBy(a => a!["attempt_number"]!.GetValue<int>()).ToList();
        attempts.Count.ShouldBe(2);
        attempts[0]!["status_code"]!.GetValue<int>().ShouldBe(429);
        attempts[0]!.Str("error").ShouldBe("HTTP 429: rate limited, asked to wait 0.6 s");
        attempts[0]!.Str("response_body").ShouldContain("You are being rate limited.");
        attempts[1]!["status_code"]!.GetValue<int>().ShouldBe(204);
        var firstEnded = attempts[0]!["started_at"]!.GetValue<DateTimeOffset>().AddMilliseconds(attempts[0]!["duration_ms"]!.GetValue<int>());
        var gap = attempts[1]!["started_at"]!.GetValue<DateTimeOffset>() - firstEnded;
        gap.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.59), "the platform asked for 0.6 s; not less");
        // Waited out at the asked time (0.6 s), not at the 1 s the rounded Retry-After header says; a loaded machine may add a little.
        gap.ShouldBeLessThan(TimeSpan.FromSeconds(0.6 + 5));
        var (_, ep) = await Host.Admin.GetJsonAsync($"/api/v1/apps/{app}/endpoints/{endpoint}");
        ep!["circuit"]!.Str("state").ShouldBe("closed");
        _platforms.At(url).ShouldAllBe(r => r.Problem == null);
    }

    [Fact]
    public async Task RateLimitsBeyondTheBound_CountLikeFailures_SoAPlatformThatNeverStopsLimitingEndsDead()
    {
        var app = await StartWithAppAsync(new() { ["Hookline:Delivery:RateLimitAttemptBound"] = "3" });
        var url = _platforms.SlackUrl("always-limited");
        var endpoint = (await Host.Admin.CreateEndpointAsync(app, new { url, kind = "slack", retry_policy = new { max_attempts = 1 } })).Str("id");
        for (var i = 0; i < 10; i++)
        {
            _platforms.Script(url, ctx =>
            {
                ctx.Response.StatusCode = 429;
                ctx.Response.Headers.RetryAfter = "0";
                return Task.CompletedTask;
            });
        }

        await PublishAsync(app, "daily_streak", SeedPayloads["daily_streak"]);

        var delivery = await DeliveryAsync(app, await OnlyDeliveryIdAsync(app, endpoint), d => d["delivery"]!.Str("status") == "dead",
            "past the bound a 429 should spend the only attempt");
        // Three waited out for free (attempts 1-3), the fourth counted against max_attempts 1.
        delivery["attempts"]!.AsArray().Count.ShouldBe(4);
        delivery["attempts"]!.AsArray().ShouldAllBe(a => a!["status_code"]!.GetValue<int>() == 429);
    }

    [Fact]
    public async Task PlatformErrors_AreKeptInTheAttemptLog()
    {
        var app = await StartWithAppAsync();
        var slackUrl = _platforms.SlackUrl("refusing");
        var discordUrl = _platforms.DiscordUrl("refusing");
        var slack = (await Host.Admin.CreateEndpointAsync(app, new { url = slackUrl, kind = "slack", retry_policy = new { max_attempts = 1 } })).Str("id");
        var discord = (await Host.Admin.CreateEndpointAsync(app, new { url = discordUrl, kind = "discord", retry_policy = new { max_attempts = 1 } })).Str("id");
        _platforms.Script(slackUrl, async ctx =>
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsync("invalid_blocks");
        });
        _platforms.Script(discordUrl, async ctx =>
        {
            ctx.Response.StatusCode = 400;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message": "Invalid Form Body", "code": 50035}""");
        });

        await PublishAsync(app, "project_created", SeedPayloads["project_created"]);

        var slackAttempt = (await DeliveryAsync(app, await OnlyDeliveryIdAsync(app, slack), d => d["delivery"]!.Str("status") == "dead", "the refused Slack delivery should be dead"))["attempts"]![0]!;
        slackAttempt.Str("response_body").ShouldBe("invalid_blocks");
        slackAttempt.Str("error").ShouldBe("HTTP 400: invalid_blocks");
        var discordAttempt = (await DeliveryAsync(app, await OnlyDeliveryIdAsync(app, discord), d => d["delivery"]!.Str("status") == "dead", "the refused Discord delivery should be dead"))["attempts"]![0]!;
        discordAttempt.Str("response_body").ShouldBe("""{"message": "Invalid Form Body", "code": 50035}""");
        discordAttempt.Str("error").ShouldBe("HTTP 400: Invalid Form Body (Discord code 50035)");
    }

    [Fact]
    public async Task TestSend_WithTestMessage_ArrivesRenderedOnThePlatform()
    {
        var app = await StartWithAppAsync();
        var url = _platforms.DiscordUrl("test");
        var endpoint = (await Host.Admin.CreateEndpointAsync(app, new { url, kind = "discord" })).Str("id");

        var (status, body) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints/{endpoint}/test",
            new { test_message = "Hello from Zentry! This is a test notification." });

        status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
        var received = (await ReceivedAsync(url, 1, "the test message should arrive")).ShouldHaveSingleItem();
        received.Problem.ShouldBeNull();
        var embed = received.Json["embeds"]![0]!;
        embed.Str("title").ShouldBe("🧪 Test notification");
        embed.Str("description").ShouldBe("Hello from Zentry! This is a test notification.");
    }

    [Fact]
    public async Task TestSend_WithBlankOrOverlongTestMessage_Is422NamingTheField()
    {
        var app = await StartWithAppAsync();
        var endpoint = (await Host.Admin.CreateEndpointAsync(app, new { url = _platforms.SlackUrl(), kind = "slack" })).Str("id");

        foreach (var message in new[] { "   ", new string('x', 2001) })
        {
            var (status, body) = await Host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints/{endpoint}/test", new { test_message = message });
            status.ShouldBe(HttpStatusCode.UnprocessableEntity);
            body!["errors"]!["test_message"].ShouldNotBeNull();
        }
        _platforms.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task OperationsApp_AlertsASlackEndpoint_WhenAnEndpointIsDisabled()
    {
        // The operations app named by uid is created at start.
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:OperationsApp"] = "ops" });
        var alerts = _platforms.SlackUrl("alerts");
        await Host.Admin.CreateEndpointAsync("ops", new { url = alerts, kind = "slack", event_types = new[] { "endpoint.disabled" }, notification = new { mention = "<!here>" } });
        var app = (await Host.Admin.CreateAppAsync("Zentry")).Str("id");
        var watched = (await Host.Admin.CreateEndpointAsync(app, new { url = "https://hooks.example.com/zentry" })).Str("id");

        (await Host.Admin.PatchAsync($"/api/v1/apps/{app}/endpoints/{watched}", """{"disabled":true}""")).Status.ShouldBe(HttpStatusCode.OK);

        var alert = (await ReceivedAsync(alerts, 1, "the disabled endpoint should be reported to Slack")).ShouldHaveSingleItem();
        alert.Problem.ShouldBeNull();
        var blocks = alert.Json["blocks"]!.AsArray();
        blocks[0]!["text"]!.Str("text").ShouldBe("🚨 Endpoint disabled");
        blocks[1]!["text"]!.Str("text").ShouldBe($"<!here> Endpoint {watched} was disabled: disabled by API. Nothing is sent to it until it is enabled again.");
        alert.Json.Str("text").ShouldStartWith("<!here> 🚨 Endpoint disabled");
        blocks[2]!["fields"]!.AsArray().Select(f => f!.Str("text")).ShouldContain("*Target*\nhttps://hooks.example.com");
    }
}
