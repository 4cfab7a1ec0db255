using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookline.Server.Tests.Notifications;

/// <summary>
/// Discord, Teams and Slack webhooks as they answer, on one loopback port: each checks what arrives
/// against the platform's documented shape and limits, and answers like the real one — Discord 204
/// or 400 <c>{"message","code"}</c>, Teams Workflows 202 (legacy connector 200 "1"), Slack 200
/// "ok" or 400 <c>invalid_blocks</c>. A scripted answer (e.g. a 429 with <c>retry_after</c>) can
/// be queued per path.
/// </summary>
public sealed class FakeChatPlatforms : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripted = new();

    private FakeChatPlatforms(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public ConcurrentQueue<PlatformRequest> Requests { get; } = new();

    public string DiscordUrl(string name = "1") => new Uri(BaseAddress, $"/api/webhooks/{name}/token-{name}").ToString();
    public string TeamsUrl(string name = "1") => new Uri(BaseAddress, $"/workflows/{name}/triggers/manual/paths/invoke").ToString();
    public string TeamsLegacyUrl(string name = "1") => new Uri(BaseAddress, $"/webhookb2/{name}").ToString();
    public string SlackUrl(string name = "1") => new Uri(BaseAddress, $"/services/T0/B{name}/secret").ToString();

    public IReadOnlyList<PlatformRequest> At(string url) => Requests.Where(r => r.Path == new Uri(url).AbsolutePath).ToList();

    /// <summary>The next request to <paramref name="url"/> gets this answer instead of the platform's usual one.</summary>
    public void Script(string url, Func<HttpContext, Task> answer) =>
        _scripted.GetOrAdd(new Uri(url).AbsolutePath, _ => new ConcurrentQueue<Func<HttpContext, Task>>()).Enqueue(answer);

    /// <summary>Discord's rate limit answer: 429, <c>Retry-After</c> rounded up, the exact wait in the body.</summary>
    public static Func<HttpContext, Task> DiscordRateLimit(double retryAfter) => async ctx =>
    {
        ctx.Response.StatusCode = 429;
        ctx.Response.Headers.RetryAfter = Math.Ceiling(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync($$"""{"message": "You are being rate limited.", "retry_after": {{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "global": false}""");
    };

    public static async Task<FakeChatPlatforms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeChatPlatforms? platforms = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            var (platform, problem) = Check(path, body);
            var request = new PlatformRequest(path, platform, body, problem, DateTimeOffset.UtcNow,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            platforms!.Requests.Enqueue(request);
            if (platforms._scripted.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted))
            {
                await scripted(context);
                return;
            }
            await Answer(context, platform, problem);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        platforms = new FakeChatPlatforms(app, new Uri(address));
        return platforms;
    }

    private static (string Platform, string? Problem) Check(string path, string body)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (PlatformOf(path), "not JSON: " + e.Message);
        }
        var platform = PlatformOf(path);
        var problem = platform switch
        {
            "discord" => ChatShapes.Discord(json),
            "teams" => ChatShapes.AdaptiveCardMessage(json),
            "teams-legacy" => ChatShapes.MessageCard(json),
            "slack" => ChatShapes.Slack(json),
            _ => "unknown platform path",
        };
        return (platform, problem);
    }

    private static string PlatformOf(string path) =>
        path.StartsWith("/api/webhooks/", StringComparison.Ordinal) ? "discord"
        : path.StartsWith("/workflows/", StringComparison.Ordinal) ? "teams"
        : path.StartsWith("/webhookb2/", StringComparison.Ordinal) ? "teams-legacy"
        : path.StartsWith("/services/", StringComparison.Ordinal) ? "slack"
        : "unknown";

    private static async Task Answer(HttpContext context, string platform, string? problem)
    {
        switch (platform, problem)
        {
            case ("discord", null):
                context.Response.StatusCode = 204;
                break;
            case ("discord", _):
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message": "Invalid Form Body", "code": 50035}""");
                break;
            case ("teams", null):
                context.Response.StatusCode = 202;
                break;
            case ("teams", _):
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":{"code":"InvalidRequestContent","message":"The request content is not valid."}}""");
                break;
            case ("teams-legacy", null):
                await context.Response.WriteAsync("1");
                break;
            case ("slack", null):
                await context.Response.WriteAsync("ok");
                break;
            default:
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync(platform == "slack" ? "invalid_blocks" : "Bad payload");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="Problem">Why the platform would refuse it; null when it is a valid message.</param>
public sealed record PlatformRequest(string Path, string Platform, string Body, string? Problem, DateTimeOffset At, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
