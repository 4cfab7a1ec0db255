using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookline.Bench;

/// <summary>A local receiver that answers 200 at once and counts requests, remembering when the first one came.</summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _count;
    private long _firstAt;

    private CountingReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public long Count => Interlocked.Read(ref _count);

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the first request since the last reset; 0 when none.</summary>
    public long FirstAt => Interlocked.Read(ref _firstAt);

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _firstAt, 0);
    }

    public static async Task<CountingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        CountingReceiver? receiver = null;
        app.Run(async context =>
        {
            // Read the body as a real receiver would before answering.
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.CompareExchange(ref receiver!._firstAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref receiver._count);
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new CountingReceiver(app, new Uri(address));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
