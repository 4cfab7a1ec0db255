using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Engine;

/// <summary>Builds the HTTP request of one attempt: the envelope body, the Standard Webhooks headers and the signature.</summary>
public sealed class WebhookRequestBuilder(TimeProvider clock)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = null };

    /// <param name="endpoint">Where the attempt goes and how it is signed.</param>
    /// <param name="message">What is sent.</param>
    /// <param name="secrets">The endpoint's active secrets, newest first.</param>
    /// <param name="attemptId">This attempt's id (<c>att_…</c>), sent as <c>X-Webhook-Delivery-Id</c>.</param>
    public HttpRequestMessage Build(Endpoint endpoint, Message message, IReadOnlyList<string> secrets, string attemptId)
    {
        var method = new HttpMethod(endpoint.Method.ToUpperInvariant());
        var hasBody = method != HttpMethod.Get && method != HttpMethod.Head;
        var body = hasBody ? Envelope(message) : [];
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();

        var request = new HttpRequestMessage(method, endpoint.Url) { Version = HttpVersion.Version11 };
        if (hasBody)
        {
            // The signature covers the uncompressed body: what the receiver reads once its server has
            // undone the Content-Encoding, as with any HTTP body.
            var gzip = endpoint.Compression == EndpointCompressions.Gzip;
            request.Content = new ByteArrayContent(gzip ? Gzip(body) : body);
            request.Content.Headers.ContentType = Json;
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add(EndpointCompressions.Gzip);
            }
        }
        var signature = WebhookSigner.Sign(endpoint.SignatureScheme, secrets, message.Id, attemptId, timestamp, body);
        var signatureNames = new HashSet<string>(signature.Select(h => h.Key), StringComparer.OrdinalIgnoreCase);

        // Custom headers first, so nothing of ours can be shadowed by them.
        foreach (var (name, value) in endpoint.Headers)
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
        request.Headers.TryAddWithoutValidation(WebhookHeaders.DeliveryId, attemptId);
        request.Headers.TryAddWithoutValidation("user-agent", HooklineVersion.UserAgent);
        return request;
    }

    /// <summary>
    /// <c>{"id","type","timestamp","data"}</c> with the payload copied byte for byte, so what the
    /// publisher sent is what the receiver gets (and what the signature covers).
    /// </summary>
    public static byte[] Envelope(Message message)
    {
        using var buffer = new MemoryStream(message.Payload.Length + 160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", message.Id);
            writer.WriteString("type", message.EventType);
            writer.WriteString("timestamp", message.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            writer.WriteRawValue(Encoding.UTF8.GetBytes(message.Payload), skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

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
