using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookline.Server.Tests.Durability;

/// <summary>A receiver that counts every <c>webhook-id</c> it gets (duplicates included) and answers 200 after a small random delay.</summary>
public sealed class IdRecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;

    private IdRecordingReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<IdRecordingReceiver> StartAsync(int seed, int maxDelayMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new IdRecordingReceiver(app);
        var random = new Random(seed);
        app.Run(async context =>
        {
            var id = context.Request.Headers["webhook-id"].ToString();
            int delay;
            lock (random)
            {
                delay = random.Next(maxDelayMs + 1);
            }
            if (delay > 0)
            {
                await Task.Delay(delay);
            }
            receiver.Counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref receiver._requests);
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
