using System.IO.Compression;
using Hookline.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hookline.Client.Receiving;

public static class WebhookReceiverExtensions
{
    /// <summary>
    /// A POST route that verifies Hookline's signature over the raw body, checks the time against
    /// the tolerance and drops redeliveries of a handled <c>webhook-id</c> (answered 200 without calling
    /// <paramref name="handler"/>). A request that fails verification gets 401 problem+json and never
    /// reaches the handler. The handler's exception gives the id back, so the sender's retry is handled.
    /// </summary>
    /// <param name="handler">Called once per verified webhook; answers 204 unless it writes its own response.</param>
    public static IEndpointConventionBuilder MapWebhookReceiver(this IEndpointRouteBuilder routes, string pattern, Action<WebhookReceiverOptions> configure,
        Func<ReceivedWebhook, HttpContext, Task> handler)
    {
        var options = new WebhookReceiverOptions();
        configure(options);
        if (options.Scheme != SignatureSchemes.None && options.Secrets.Count == 0)
        {
            throw new ArgumentException("WebhookReceiverOptions.Secrets needs the endpoint's secret (or whpk_ public key)", nameof(configure));
        }
        var verifier = new WebhookVerifier(options.Scheme, options.Secrets.ToList(), options.Clock) { Tolerance = options.Tolerance };
        return routes.MapPost(pattern, (HttpContext context) => ReceiveAsync(context, options, verifier, handler));
    }

    private static async Task ReceiveAsync(HttpContext context, WebhookReceiverOptions options, WebhookVerifier verifier, Func<ReceivedWebhook, HttpContext, Task> handler)
    {
        var ct = context.RequestAborted;
        var body = await ReadBodyAsync(context.Request, options.MaxBodyBytes, ct);
        if (body is null)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the body is larger than {options.MaxBodyBytes} bytes");
            return;
        }
        string? Header(string name) => context.Request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
        try
        {
            verifier.Verify(Header, body);
        }
        catch (WebhookVerificationException e)
        {
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, "Signature verification failed", e.Message);
            return;
        }
        var webhook = new ReceivedWebhook(body, Header);
        var claimed = webhook.Id is not null && options.IdStore is not null;
        if (claimed && !await options.IdStore!.TryClaimAsync(webhook.Id!, options.RememberIdsFor, ct))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers["X-Webhook-Duplicate"] = "true";
            return;
        }
        try
        {
            await handler(webhook, context);
        }
        catch
        {
            if (claimed)
            {
                await options.IdStore!.ReleaseAsync(webhook.Id!, CancellationToken.None);
            }
            throw;
        }
        if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status200OK)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    /// <summary>The raw body (gzip undone: the signature covers the uncompressed bytes); null when over the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var source = request.Body;
        var gzip = string.Equals(request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase);
        await using var decoded = gzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : null;
        var stream = decoded ?? source;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}
