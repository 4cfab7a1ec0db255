using Hookline.Core.Engine;
using Microsoft.AspNetCore.Http;

namespace Hookline.Core.Tests.Engine;

public sealed class RateLimitSenderTests : IAsyncLifetime
{
    private TestReceiver _receiver = null!;
    private readonly HttpMessageInvoker _invoker = new(WebhookSender.CreateDefaultHandler());

    public async Task InitializeAsync() => _receiver = await TestReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _invoker.Dispose();
        await _receiver.DisposeAsync();
    }

    private Task<SendResult> Send() =>
        new WebhookSender(_invoker, TimeProvider.System).SendAsync(
            new HttpRequestMessage(HttpMethod.Post, _receiver.BaseUrl + "/limited") { Content = new StringContent("{}") }, TimeSpan.FromSeconds(5), CancellationToken.None);

    [Fact]
    public async Task Send_With429AndDiscordRetryAfterInTheBody_TakesTheFractionalSecondsOverTheRoundedHeader()
    {
        _receiver.Handler = async (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "2";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("""{"message": "You are being rate limited.", "retry_after": 1.337, "global": false}""");
        };

        var result = await Send();

        result.StatusCode.ShouldBe(429);
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1.337));
        result.Error.ShouldBe("HTTP 429: rate limited, asked to wait 1.337 s");
        result.ResponseBody!.ShouldContain("You are being rate limited.");
    }

    [Fact]
    public async Task Send_With429AndResetAfterHeader_UsesItWhenTheBodyHasNoWait()
    {
        _receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers["X-RateLimit-Reset-After"] = "0.25";
            ctx.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        };

        (await Send()).RetryAfter.ShouldBe(TimeSpan.FromSeconds(0.25));
    }

    [Theory]
    [InlineData("""{"retry_after": "soon"}""")]
    [InlineData("""{"retry_after": -3}""")]
    [InlineData("""{"retry_af""")]
    [InlineData("rate_limited")]
    public void RetryAfterInBody_WithoutAUsableNumber_IsNull(string body)
    {
        WebhookSender.RetryAfterInBody(body).ShouldBeNull();
    }
}
