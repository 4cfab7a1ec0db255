using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Hookline.Core.Deliveries;

using Hookline.Core.Protection;

namespace Hookline.Core.Engine;

/// <summary>
/// Sends one attempt's request over a shared, pooled invoker and classifies what happened. Never
/// throws for anything the receiver or the network did; only a cancellation of the caller's token
/// escapes (as <see cref="OperationCanceledException"/>).
/// </summary>
public sealed class WebhookSender(HttpMessageInvoker invoker, TimeProvider clock)
{
    /// <summary>How much of a response body is kept for the attempt log; the rest is never read.</summary>
    public const int MaxResponseBytes = 4096;

    /// <summary>
    /// The handler a host should share across all deliveries: no redirects (they count as failure),
    /// no cookies, no decompression, no proxy (the SSRF guard must see the real target), pooled
    /// connections recycled often enough to follow DNS changes.
    /// </summary>
    /// <param name="connectCallback">Opens connections; the SSRF guard plugs in here and throws <see cref="BlockedTargetException"/>.</param>
    public static SocketsHttpHandler CreateDefaultHandler(
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connectCallback = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Trace context goes only to endpoints that opt in (propagate_trace), never by default.
            ActivityHeadersPropagator = null,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // An unread body is drained briefly so the connection can be reused, then dropped.
            MaxResponseDrainSize = 64 * 1024,
            ResponseDrainTimeout = TimeSpan.FromSeconds(1),
            MaxResponseHeadersLength = 64,
        };
        if (connectCallback is not null)
        {
            handler.ConnectCallback = connectCallback;
        }
        return handler;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (and disposes it) with a deadline of <paramref name="timeout"/>.
    /// <paramref name="startedAt"/> is the start to report when the caller already took it (the
    /// instant a rate window let the attempt out); otherwise it is now.
    /// </summary>
    public async Task<SendResult> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken ct, DateTimeOffset? startedAt = null)
    {
        using var _ = request;
        var start = startedAt ?? clock.GetUtcNow();
        var started = clock.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await ReadPrefixAsync(response.Content, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var result = new SendResult
            {
                StartedAt = start,
                Duration = clock.GetElapsedTime(started),
                StatusCode = status,
                ResponseBody = body,
                RetryAfter = status == 429 ? RateLimitWait(response, body) : RetryAfter(response),
            };
            if (status is >= 200 and < 300)
            {
                return result;
            }
            var (errorClass, error) = status switch
            {
                413 => (AttemptErrorClasses.TooLarge, "HTTP 413: the receiver refused the payload as too large"),
                429 when result.RetryAfter is { } wait => (AttemptErrorClasses.Status, $"HTTP 429: rate limited, asked to wait {wait.TotalSeconds:0.###} s"),
                >= 300 and < 400 => (AttemptErrorClasses.Status, $"HTTP {status}: redirect to {response.Headers.Location?.ToString() ?? "(no location)"} not followed"),
                _ => (AttemptErrorClasses.Status, $"HTTP {status}"),
            };
            return result with { ErrorClass = errorClass, Error = error };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var (errorClass, error) = Classify(e, deadline.IsCancellationRequested, timeout);
            return new SendResult
            {
                StartedAt = start,
                Duration = clock.GetElapsedTime(started),
                ErrorClass = errorClass,
                Error = error,
            };
        }
    }

    internal static (string ErrorClass, string Error) Classify(Exception exception, bool timedOut, TimeSpan timeout)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BlockedTargetException blocked)
            {
                return (AttemptErrorClasses.Blocked, "target blocked: " + blocked.Message);
            }
        }
        if (timedOut || exception is TimeoutException or OperationCanceledException)
        {
            return (AttemptErrorClasses.Timeout, $"no complete response within {timeout.TotalSeconds:0.###} s");
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return (AttemptErrorClasses.Tls, "TLS handshake failed: " + e.Message);
            }
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData })
            {
                return (AttemptErrorClasses.Dns, "DNS lookup failed: " + e.Message);
            }
        }
        if (exception is HttpRequestException http)
        {
            return http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => (AttemptErrorClasses.Dns, "DNS lookup failed: " + Innermost(http)),
                HttpRequestError.ConnectionError => (AttemptErrorClasses.Connect, "connection failed: " + Innermost(http)),
                HttpRequestError.SecureConnectionError => (AttemptErrorClasses.Tls, "TLS handshake failed: " + Innermost(http)),
                _ => (AttemptErrorClasses.Other, Innermost(http)),
            };
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException)
            {
                return (AttemptErrorClasses.Connect, "connection failed: " + e.Message);
            }
        }
        return (AttemptErrorClasses.Other, Innermost(exception));
    }

    private static string Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e == exception ? e.Message : exception.Message + " (" + e.Message + ")";
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };

    /// <summary>
    /// How long a 429 asks to wait, most precise source first: a JSON body's <c>retry_after</c>
    /// (Discord's, in seconds with a fraction), Discord's <c>X-RateLimit-Reset-After</c>, then <c>Retry-After</c>.
    /// </summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response, string? body)
    {
        if (RetryAfterInBody(body) is { } fromBody)
        {
            return fromBody;
        }
        if (response.Headers.TryGetValues("X-RateLimit-Reset-After", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var resetAfter)
            && double.IsFinite(resetAfter) && resetAfter >= 0)
        {
            return TimeSpan.FromSeconds(resetAfter);
        }
        return RetryAfter(response);
    }

    /// <summary>The numeric <c>retry_after</c> (seconds) of a JSON object body, if it has one.</summary>
    internal static TimeSpan? RetryAfterInBody(string? body)
    {
        if (body is null || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("retry_after", out var value)
                && value.ValueKind == System.Text.Json.JsonValueKind.Number
                && value.TryGetDouble(out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and <= 86_400
                ? TimeSpan.FromSeconds(seconds)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // A body cut at MaxResponseBytes, or not JSON after all: the headers decide.
            return null;
        }
    }

    private static async Task<string?> ReadPrefixAsync(HttpContent content, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxResponseBytes];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                filled += read;
            }
            return filled == 0 ? null : Encoding.UTF8.GetString(buffer, 0, filled);
        }
    }
}
