using System.Text;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Faults;

/// <summary>Requests only a raw socket can send: CR, LF and NUL inside headers, broken framing, invalid bytes in the request line.</summary>
public static class HostileRawRequests
{
    public static IEnumerable<HostileRequest> All(HostileWorld world)
    {
        var publish = $"/api/v1/apps/{world.AppA}/messages";
        const string body = "{\"event_type\":\"order.created\",\"payload\":{\"raw\":true}}";
        var auth = "Authorization: Bearer " + TestHost.AdminKey + "\r\n";

        (string Label, string Head, string Body)[] cases =
        [
            ("Idempotency-Key with a bare CR", $"Idempotency-Key: a\rInjected: 1\r\n", body),
            ("Idempotency-Key with a bare LF", $"Idempotency-Key: a\nInjected: 1\r\n", body),
            ("Idempotency-Key with NUL", "Idempotency-Key: a\0b\r\n", body),
            ("Idempotency-Key with DEL and ESC", "Idempotency-Key: a\u007f\u001bb\r\n", body),
            ("Idempotency-Key with obs-text bytes", "Idempotency-Key: a\u00ff\u00feb\r\n", body),
            ("Idempotency-Key folded onto a second line", "Idempotency-Key: a\r\n b\r\n", body),
            ("two Idempotency-Keys", "Idempotency-Key: one\r\nIdempotency-Key: two\r\n", body),
            ("header name with a space", "Idempotency Key: a\r\n", body),
            ("header line without a colon", "NoColonHere\r\n", body),
            ("header of 70,000 bytes", "X-Big: " + new string('b', 70_000) + "\r\n", body),
            ("150 headers", string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n")), body),
        ];
        foreach (var (label, head, content) in cases)
        {
            yield return Raw(label, "POST", publish, $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\n{head}Content-Length: {Encoding.UTF8.GetByteCount(content)}\r\nConnection: close\r\n\r\n{content}");
        }
        yield return Raw("Authorization with NUL", "GET", "/api/v1/apps", "GET /api/v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer a\0b\r\nConnection: close\r\n\r\n");
        yield return Raw("Authorization of 20,000 bytes", "GET", "/api/v1/apps", $"GET /api/v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {new string('k', 20_000)}\r\nConnection: close\r\n\r\n");
        yield return Raw("Authorization Basic", "GET", "/api/v1/apps", "GET /api/v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic YTpi\r\nConnection: close\r\n\r\n");
        yield return Raw("Content-Length larger than the body", "POST", publish,
            $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n{body}") with
        { HalfClose = true };
        yield return Raw("two different Content-Lengths", "POST", publish,
            $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: 3\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        yield return Raw("Content-Length and chunked", "POST", publish,
            $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n");
        yield return Raw("chunk size that is not hex", "POST", publish,
            $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{body}\r\n0\r\n\r\n");
        yield return Raw("chunked body cut short", "POST", publish,
            $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{body.Length + 50:x}\r\n{body}") with
        { HalfClose = true };
        yield return Raw("request line with a raw 0xFF byte", "GET", "/api/v1/apps/\u00ff", $"GET /api/v1/apps/\u00ff HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n");
        yield return Raw("request line with NUL", "GET", "/api/v1/apps/\0", $"GET /api/v1/apps/\0 HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n");
        yield return Raw("absolute-form target on another host", "GET", "http://evil.example/api/v1/apps", $"GET http://evil.example/api/v1/apps HTTP/1.1\r\nHost: evil.example\r\n{auth}Connection: close\r\n\r\n");
        yield return Raw("no Host header", "GET", "/api/v1/apps", $"GET /api/v1/apps HTTP/1.1\r\n{auth}Connection: close\r\n\r\n");
        yield return Raw("path with %2e%2e", "GET", "/api/v1/apps/%2e%2e/%2e%2e/healthz", $"GET /api/v1/apps/%2e%2e/%2e%2e/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n");
        yield return Raw("body with invalid UTF-8 and a lying charset", "POST", publish, $"POST {publish} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json; charset=utf-8\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{{\"a\":\"\u00c0\u00af\u00ff\"}}  ");
    }

    private static HostileRequest Raw(string label, string method, string path, string text) =>
        // Latin-1 keeps every char below 256 as exactly that byte, so the request goes out as written.
        new("raw http", label, method, path)
        {
            Raw = Encoding.Latin1.GetBytes(text),
            MayDropConnection = true,
            Creates = method == "POST" && path.EndsWith("/messages", StringComparison.Ordinal) ? "messages:A" : null,
        };
}
