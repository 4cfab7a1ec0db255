using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Hookline.Core.Content;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Signing;

namespace Hookline.Core.Engine;

/// <summary>
/// Builds the HTTP request of one attempt around a body composed elsewhere (<see cref="ContentComposer"/>):
/// the Standard Webhooks headers, the signature over the body as sent, and the endpoint's own headers.
/// </summary>
public sealed class WebhookRequestBuilder(TimeProvider clock)
{
    private static readonly MediaTypeHeaderValue Json = new(RenderedContent.Json) { CharSet = null };

    /// <param name="endpoint">Where the attempt goes and how it is signed.</param>
    /// <param name="message">What is sent (its id is <c>webhook-id</c>).</param>
    /// <param name="content">The body, its media type and the headers its renderer adds.</param>
    /// <param name="secrets">The endpoint's active secrets, newest first.</param>
    /// <param name="deliveryId">The delivery (<c>dlv_…</c>): <c>X-Webhook-Delivery-Id</c>, the same on every retry.</param>
    /// <param name="attemptNumber">1 for the first attempt: <c>X-Webhook-Attempt</c>.</param>
    /// <param name="attemptId">This attempt's id (<c>att_…</c>), which a JWT names as its <c>jti</c>.</param>
    public HttpRequestMessage Build(Endpoint endpoint, Message message, RenderedContent content, IReadOnlyList<string> secrets,
        string deliveryId, int attemptNumber, string attemptId)
    {
        var method = new HttpMethod(endpoint.Method.ToUpperInvariant());
        var hasBody = method != HttpMethod.Get && method != HttpMethod.Head;
        var body = hasBody ? content.Body : [];
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();

        var request = new HttpRequestMessage(method, endpoint.Url) { Version = HttpVersion.Version11 };
        if (hasBody)
        {
            // The signature covers the uncompressed body: what the receiver reads once its server has
            // undone the Content-Encoding, as with any HTTP body.
            var gzip = endpoint.Compression == EndpointCompressions.Gzip;
            request.Content = new ByteArrayContent(gzip ? Gzip(body) : body);
            request.Content.Headers.ContentType = MediaType(content.ContentType);
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add(EndpointCompressions.Gzip);
            }
        }
        var signature = WebhookSigner.Sign(endpoint.SignatureScheme, secrets, message.Id, attemptId, timestamp, body);
        var signatureNames = new HashSet<string>(signature.Select(h => h.Key), StringComparer.OrdinalIgnoreCase);

        // Custom and rendered headers first, so nothing of ours can be shadowed by them; a rendered
        // header (a template's) wins over a custom one of the same name.
        var extra = new Dictionary<string, string>(endpoint.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in content.Headers)
        {
            extra[name] = value;
        }
        foreach (var (name, value) in extra)
        {
            if (WebhookHeaders.Reserved.Contains(name) || signatureNames.Contains(name) || !IsSafe(name) || !IsSafe(value))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, message.Id);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in signature)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Event, message.EventType);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.DeliveryId, deliveryId);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Attempt, attemptNumber.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("user-agent", HooklineVersion.UserAgent);
        return request;
    }

    private static MediaTypeHeaderValue MediaType(string contentType) =>
        contentType == RenderedContent.Json ? Json : MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed : Json;

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream((body.Length / 2) + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }
        return buffer.ToArray();
    }

    private static bool IsSafe(string text) => text.Length > 0 && !text.Any(c => c is '\r' or '\n' or '\0');
}
