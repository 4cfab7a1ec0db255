using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookline.Testing.Receiving;

/// <summary>
/// A real Kestrel webhook receiver on a loopback port. By default it records every request (headers and
/// body) and answers as the test says: <see cref="Handler"/> when set, else the status that
/// <see cref="Answers"/> gives for the path, else 200. A receiver with behaviour of its own (chaos, counting
/// under load) passes a <c>raw</c> handler instead and records what it needs itself.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private HttpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The base address without its trailing slash, for string concatenation.</summary>
    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Decides the status of each request at a path, given how many requests the path had before this one.</summary>
    public ConcurrentDictionary<string, Func<int, int>> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers a recorded request; gets the path's call number (1-based). Takes precedence over <see cref="Answers"/>.</summary>
    public Func<HttpContext, int, Task>? Handler { get; set; }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public IReadOnlyList<ReceivedRequest> At(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <param name="raw">Handles every request instead of the recording pipeline.</param>
    /// <param name="unlimitedConnections">Lifts Kestrel's connection limit, for load tests.</param>
    public static async Task<HttpReceiver> StartAsync(Func<HttpContext, Task>? raw = null, bool unlimitedConnections = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (unlimitedConnections)
        {
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        }
        var app = builder.Build();
        var receiver = new HttpReceiver(app);
        app.Run(new RequestDelegate(raw ?? receiver.RecordAsync));
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    private async Task RecordAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var call = _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        Requests.Enqueue(new ReceivedRequest(context.Request.Method, path, headers, buffer.ToArray(), DateTimeOffset.UtcNow));
        if (Handler is { } handler)
        {
            await handler(context, call);
            return;
        }
        context.Response.StatusCode = Answers.TryGetValue(path, out var answer) ? answer(call - 1) : 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
