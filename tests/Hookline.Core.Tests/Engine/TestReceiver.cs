using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Tests.Engine;

/// <summary>A real Kestrel server on a loopback port that records what it receives and answers as each test says.</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Answers a request to a path; gets the path's call number (1-based).</summary>
    public Func<HttpContext, int, Task> Handler { get; set; } = (ctx, _) =>
    {
        ctx.Response.StatusCode = 200;
        return Task.CompletedTask;
    };

    public string BaseUrl { get; }

    private TestReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        TestReceiver? receiver = null;
        app.Run(async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var path = ctx.Request.Path.Value ?? "/";
            receiver!.Received.Enqueue(new ReceivedRequest(ctx.Request.Method, path, headers, buffer.ToArray()));
            var call = receiver._calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            await receiver.Handler(ctx, call);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new TestReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    public IReadOnlyList<ReceivedRequest> To(string path) => Received.Where(r => r.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
