using System.Net;
using System.Net.Sockets;
using Hookline.Core.Deliveries;
using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Microsoft.AspNetCore.Http;

namespace Hookline.Core.Tests.Engine;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private HttpReceiver _receiver = null!;
    private readonly HttpMessageInvoker _invoker = new(WebhookSender.CreateDefaultHandler());

    public async Task InitializeAsync() => _receiver = await HttpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _invoker.Dispose();
        await _receiver.DisposeAsync();
    }

    private Task<SendResult> Send(string url, int timeoutSeconds = 5, WebhookSender? sender = null) =>
        (sender ?? new WebhookSender(_invoker, TimeProvider.System)).SendAsync(
            new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") }, TimeSpan.FromSeconds(timeoutSeconds), CancellationToken.None);

    [Fact]
    public async Task Ok_IsSuccess_WithBodyAndDuration()
    {
        _receiver.Handler = (ctx, _) => ctx.Response.WriteAsync("thanks");
        var result = await Send(_receiver.BaseUrl + "/ok");
        result.Succeeded.ShouldBeTrue();
        result.StatusCode.ShouldBe(200);
        result.ResponseBody.ShouldBe("thanks");
        result.Error.ShouldBeNull();
        result.Duration.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
    }

    [Fact]
    public async Task ServerError_IsStatus()
    {
        _receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 500;
            return ctx.Response.WriteAsync("boom");
        };
        var result = await Send(_receiver.BaseUrl + "/fail");
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Status);
        result.StatusCode.ShouldBe(500);
        result.ResponseBody.ShouldBe("boom");
        result.Error.ShouldBe("HTTP 500");
    }

    [Fact]
    public async Task Redirect_IsStatus_AndNotFollowed()
    {
        _receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = _receiver.BaseUrl + "/elsewhere";
            return Task.CompletedTask;
        };
        var result = await Send(_receiver.BaseUrl + "/moved");
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Status);
        result.StatusCode.ShouldBe(302);
        result.Error!.ShouldContain("/elsewhere");
        _receiver.At("/elsewhere").ShouldBeEmpty();
    }

    [Fact]
    public async Task PayloadTooLarge_IsTooLarge()
    {
        _receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 413;
            return Task.CompletedTask;
        };
        (await Send(_receiver.BaseUrl + "/big")).ErrorClass.ShouldBe(AttemptErrorClasses.TooLarge);
    }

    [Fact]
    public async Task ClosedPort_IsConnect()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await Send($"http://127.0.0.1:{port}/");
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Connect);
        result.StatusCode.ShouldBeNull();
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SlowServer_IsTimeout()
    {
        _receiver.Handler = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        var result = await Send(_receiver.BaseUrl + "/slow", timeoutSeconds: 1);
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Timeout);
        result.Duration.ShouldBeInRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task HttpsToAPlainPort_IsTls()
    {
        var result = await Send(_receiver.BaseUrl.Replace("http://", "https://", StringComparison.Ordinal) + "/tls");
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Tls);
    }

    [Fact]
    public async Task BlockedTarget_IsBlocked()
    {
        using var invoker = new HttpMessageInvoker(WebhookSender.CreateDefaultHandler(
            (_, _) => throw new BlockedTargetException("127.0.0.1 is a loopback address")));
        var result = await Send(_receiver.BaseUrl + "/x", sender: new WebhookSender(invoker, TimeProvider.System));
        result.ErrorClass.ShouldBe(AttemptErrorClasses.Blocked);
        result.Error!.ShouldContain("loopback");
        _receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void NameResolutionFailure_IsDns() =>
        WebhookSender.Classify(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), false, TimeSpan.FromSeconds(1))
            .ErrorClass.ShouldBe(AttemptErrorClasses.Dns);

    [Fact]
    public async Task LargeResponse_KeepsOnlyTheFirst4KiB()
    {
        _receiver.Handler = (ctx, _) => ctx.Response.WriteAsync(new string('x', 1024 * 1024));
        var result = await Send(_receiver.BaseUrl + "/huge");
        result.Succeeded.ShouldBeTrue();
        result.ResponseBody!.Length.ShouldBe(WebhookSender.MaxResponseBytes);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("date", 300)]
    public async Task RetryAfter_IsParsed_InSecondsOrAsADate(string form, int seconds)
    {
        _receiver.Handler = (ctx, _) =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = form == "date"
                ? TimeProvider.System.GetUtcNow().AddSeconds(seconds).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : form;
            return Task.CompletedTask;
        };
        var result = await Send(_receiver.BaseUrl + "/limited");
        result.StatusCode.ShouldBe(429);
        result.RetryAfter!.Value.TotalSeconds.ShouldBeInRange(seconds - 2, seconds);
    }

    [Fact]
    public async Task CallerCancellation_Escapes()
    {
        _receiver.Handler = async (ctx, _) => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => new WebhookSender(_invoker, TimeProvider.System).SendAsync(
            new HttpRequestMessage(HttpMethod.Post, _receiver.BaseUrl + "/slow"), TimeSpan.FromSeconds(5), cts.Token));
    }
}
