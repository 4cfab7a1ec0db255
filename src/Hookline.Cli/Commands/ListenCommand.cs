using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using Hookline.Client;
using Hookline.Client.Models;
using Hookline.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Hookline.Cli.Commands;

/// <summary>
/// <c>hookline listen</c>: a local receiver on a free port and a temporary endpoint aimed at it.
/// Every delivery is verified, then printed or forwarded; the endpoint is deleted on Ctrl+C. A
/// listener killed outright leaves an endpoint whose description and metadata mark it temporary
/// (with an expiry), which the next <c>listen</c> on the app removes.
/// </summary>
internal static class ListenCommand
{
    public const string TemporaryMarker = "hookline-listen";
    private static readonly TimeSpan TemporaryFor = TimeSpan.FromHours(24);
    private static readonly Lock PrintLock = new();

    public static Command Build()
    {
        var listen = new Command("listen", "Receive an app's webhooks locally: verify and print each one, or forward it (removed on Ctrl+C)");
        var app = CommonOptions.App();
        var events = new Option<string?>("--events") { Description = "Comma-separated event types (default: all)" };
        var forwardTo = new Option<string?>("--forward-to") { Description = "Forward each verified delivery to this URL and print its answer" };
        var port = new Option<int>("--port") { Description = "Local port to listen on (default: a free one)" };
        var scheme = new Option<string?>("--scheme") { Description = "signature_scheme of the temporary endpoint (default standard-webhooks)" };
        foreach (var option in new Option[] { app, events, forwardTo, port, scheme })
        {
            listen.Options.Add(option);
        }
        listen.Action((r, client, ct) => ListenAsync(r, client, r.GetValue(app)!, CommonOptions.List(r.GetValue(events)), r.GetValue(forwardTo), r.GetValue(port),
            r.GetValue(scheme) ?? SignatureSchemes.StandardWebhooks, ct));
        return listen;
    }

    private static async Task<int> ListenAsync(ParseResult r, HooklineClient client, string app, IReadOnlyList<string>? events, string? forwardTo, int port,
        string scheme, CancellationToken ct)
    {
        Uri? forward = null;
        if (forwardTo is not null && (!Uri.TryCreate(forwardTo, UriKind.Absolute, out forward) || forward.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--forward-to '{forwardTo}' is not an http(s) address");
        }
        var json = Output.WantsJson(r);
        await RemoveExpiredAsync(client, app, ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var web = builder.Build();
        using var forwarder = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        WebhookVerifier? verifier = null;
        web.Run(context => ReceiveAsync(context, verifier, forward, forwarder, json));
        await web.StartAsync(ct);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var now = DateTimeOffset.UtcNow;
        var endpoint = await CreateEndpointAsync(client, app, new EndpointOptions
        {
            Url = address + "/",
            EventTypes = events,
            SignatureScheme = scheme,
            Description = $"{TemporaryMarker} (temporary) {Environment.MachineName} pid {Environment.ProcessId}",
            Metadata = new Dictionary<string, string>
            {
                [TemporaryMarker] = "temporary",
                ["expires_at"] = now.Add(TemporaryFor).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
            RetryPolicy = new RetryPolicy { MaxAttempts = 3 },
        }, ct);
        verifier = new WebhookVerifier(scheme, endpoint.Secret!);
        Announce(json, new { ready = true, endpoint_id = endpoint.Id, url = address, forward_to = forward?.ToString() },
            $"Ready: listening for app {app} on {address} (temporary endpoint {endpoint.Id}). Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: fall through to the clean-up.
        }
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await client.Endpoints.DeleteAsync(app, endpoint.Id, cleanup.Token);
            Announce(json, new { removed = endpoint.Id }, $"Removed temporary endpoint {endpoint.Id}.");
        }
        catch (Exception e) when (e is HooklineApiException or HttpRequestException or OperationCanceledException)
        {
            Output.Error($"could not remove temporary endpoint {endpoint.Id}: {e.Message}");
        }
        await web.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static async Task ReceiveAsync(HttpContext context, WebhookVerifier? verifier, Uri? forward, HttpClient forwarder, bool json)
    {
        var body = await ReadBodyAsync(context.Request);
        string? Header(string name) => context.Request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
        string? failure = null;
        if (verifier is null)
        {
            failure = "the endpoint is not set up yet";
        }
        else
        {
            try
            {
                verifier.Verify(Header, body);
            }
            catch (WebhookVerificationException e)
            {
                failure = e.Message;
            }
        }
        var messageId = Header(WebhookHeaders.Id);
        var eventType = Header(WebhookHeaders.Event);
        var deliveryId = Header(WebhookHeaders.DeliveryId);
        var attempt = Header("X-Webhook-Attempt");
        if (failure is not null)
        {
            Print(json, messageId, eventType, deliveryId, attempt, false, failure, body, null);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (forward is null)
        {
            Print(json, messageId, eventType, deliveryId, attempt, true, null, body, null);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), forward) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        try
        {
            using var answer = await forwarder.SendAsync(request, context.RequestAborted);
            var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
            Print(json, messageId, eventType, deliveryId, attempt, true, null, body, $"{(int)answer.StatusCode} {answer.ReasonPhrase} ({watch.ElapsedMilliseconds} ms)");
            context.Response.StatusCode = (int)answer.StatusCode;
            await context.Response.Body.WriteAsync(answerBody.AsMemory(0, Math.Min(answerBody.Length, 64 * 1024)));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Print(json, messageId, eventType, deliveryId, attempt, true, null, body, $"failed: {e.Message}");
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        if (string.Equals(request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer);
        }
        else
        {
            await request.Body.CopyToAsync(buffer);
        }
        return buffer.ToArray();
    }

    private static void Print(bool json, string? messageId, string? eventType, string? deliveryId, string? attempt, bool verified, string? failure, byte[] body, string? forwarded)
    {
        lock (PrintLock)
        {
            if (json)
            {
                Output.JsonLine(new
                {
                    message_id = messageId,
                    event_type = eventType,
                    delivery_id = deliveryId,
                    attempt,
                    verified,
                    failure,
                    forwarded,
                    body = Output.PrettyJson(body),
                });
                return;
            }
            var mark = verified ? "[green]signature verified[/]" : $"[red]signature NOT verified[/] ({Markup.Escape(failure ?? "")})";
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(eventType ?? "?")}[/] {Markup.Escape(messageId ?? "?")} {Markup.Escape(deliveryId ?? "")} attempt {Markup.Escape(attempt ?? "?")}: {mark}");
            if (forwarded is not null)
            {
                AnsiConsole.MarkupLine($"  forwarded: {Markup.Escape(forwarded)}");
            }
            AnsiConsole.Write(new Panel(new Text(Output.PrettyJson(body))).Border(BoxBorder.Rounded));
        }
    }

    private static void Announce(bool json, object line, string text)
    {
        lock (PrintLock)
        {
            if (json)
            {
                Output.JsonLine(line);
            }
            else
            {
                Console.Out.WriteLine(text);
            }
        }
    }

    /// <summary>
    /// The listener's endpoint. A server that refuses loopback targets (its default) is told apart from other
    /// refusals, with the setting that allows them, since that is what a developer machine wants.
    /// </summary>
    private static async Task<Hookline.Client.Models.Endpoint> CreateEndpointAsync(HooklineClient client, string app, EndpointOptions options, CancellationToken ct)
    {
        try
        {
            return await client.Endpoints.CreateAsync(app, options, ct);
        }
        catch (HooklineApiException e) when (e.Errors.TryGetValue("url", out var url) && url.Any(m => m.Contains("forbidden address", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine("hint: this server refuses to deliver to loopback addresses; start it with Hookline__AllowPrivateTargets=true " +
                "(or Hookline:AllowPrivateTargets in its settings) to listen locally.");
            throw;
        }
    }

    /// <summary>Deletes temporary endpoints of earlier listeners that were killed before they could clean up and whose expiry has passed.</summary>
    private static async Task RemoveExpiredAsync(HooklineClient client, string app, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await foreach (var endpoint in client.Endpoints.ListAsync(app, ct: ct))
        {
            if (endpoint.Metadata.TryGetValue(TemporaryMarker, out var marker) && marker == "temporary"
                && endpoint.Metadata.TryGetValue("expires_at", out var expires)
                && DateTimeOffset.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) && at < now)
            {
                await client.Endpoints.DeleteAsync(app, endpoint.Id, ct);
            }
        }
    }
}
