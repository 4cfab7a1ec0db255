using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookline.Server.Tests.Faults;

/// <summary>What the chaos receiver does with one request.</summary>
public enum ChaosAction
{
    Ok,
    SlowOk,
    ServerError,
    TooManyRequests,
    Hang,
    Reset,
}

/// <summary>One request as the receiver saw it, logged when it arrived (before it was answered, hung or reset).</summary>
public sealed record ChaosRequest(string Path, string MessageId, string AttemptId, ChaosAction Action, int? Status, DateTimeOffset ArrivedAt);

/// <summary>
/// A loopback receiver that answers each request with a seeded random misbehaviour: 500, 429 with
/// <c>Retry-After: 1</c>, a hang past the endpoint's timeout, a connection reset, a slow 200 within the
/// timeout, or a plain 200. Every request is logged with its attempt: <c>X-Webhook-Delivery-Id</c> and <c>X-Webhook-Attempt</c> as <c>dlv_…#n</c>.
/// </summary>
public sealed class ChaosReceiver : IAsyncDisposable
{
    private static readonly (ChaosAction Action, int Weight)[] Mix =
    [
        (ChaosAction.Ok, 40), (ChaosAction.SlowOk, 10), (ChaosAction.ServerError, 18), (ChaosAction.TooManyRequests, 10), (ChaosAction.Hang, 8), (ChaosAction.Reset, 14),
    ];

    private readonly WebApplication _app;
    private readonly Random _random;
    private readonly TimeSpan _hang;

    private ChaosReceiver(WebApplication app, int seed, TimeSpan hang)
    {
        _app = app;
        _random = new Random(seed);
        _hang = hang;
    }

    public Uri BaseAddress { get; private set; } = null!;
    public ConcurrentQueue<ChaosRequest> Requests { get; } = new();

    /// <param name="seed">Seeds the choice of misbehaviour.</param>
    /// <param name="hang">How long a hanging request is held (longer than the endpoint's timeout), unless the sender gives up first.</param>
    public static async Task<ChaosReceiver> StartAsync(int seed, TimeSpan hang)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ChaosReceiver(app, seed, hang);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (action, slowMs) = Choose();
        int? status = action switch
        {
            ChaosAction.Ok or ChaosAction.SlowOk => 200,
            ChaosAction.ServerError => 500,
            ChaosAction.TooManyRequests => 429,
            _ => null,
        };
        Requests.Enqueue(new ChaosRequest(context.Request.Path.Value ?? "/", context.Request.Headers["webhook-id"].ToString(),
            $"{context.Request.Headers["X-Webhook-Delivery-Id"]}#{context.Request.Headers["X-Webhook-Attempt"]}", action, status, DateTimeOffset.UtcNow));
        await context.Request.Body.CopyToAsync(Stream.Null);
        switch (action)
        {
            case ChaosAction.Reset:
                context.Abort();
                return;
            case ChaosAction.Hang:
                try
                {
                    await Task.Delay(_hang, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The sender timed out and closed the connection, as it should.
                    return;
                }
                break;
            case ChaosAction.SlowOk:
                await Task.Delay(slowMs);
                break;
            case ChaosAction.TooManyRequests:
                context.Response.Headers.RetryAfter = "1";
                break;
        }
        context.Response.StatusCode = status ?? 200;
    }

    private (ChaosAction Action, int SlowMs) Choose()
    {
        lock (_random)
        {
            var roll = _random.Next(Mix.Sum(m => m.Weight));
            var slowMs = _random.Next(50, 300);
            foreach (var (action, weight) in Mix)
            {
                if (roll < weight)
                {
                    return (action, slowMs);
                }
                roll -= weight;
            }
            return (ChaosAction.Ok, slowMs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
