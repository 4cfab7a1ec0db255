using System.Net.Sockets;
using System.Text;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Sends exact request bytes over a fresh loopback connection and reads the answer, for what a
/// well-behaved <see cref="HttpClient"/> refuses to send (CR/LF or NUL in headers, broken framing).
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, string? ContentType, string Body);

    /// <summary>The answer, or null when the server closed the connection without one.</summary>
    public static async Task<Answer?> SendAsync(Uri server, byte[] request, bool halfClose, TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancel.Token);
            if (halfClose)
            {
                // Kestrel takes the end of our side as the client going away and aborts the request.
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything we sent.
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancel.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: keep what arrived.
        }
        return Parse(Encoding.Latin1.GetString(buffer.ToArray()));
    }

    private static Answer? Parse(string text)
    {
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || headerEnd < 0)
        {
            return null;
        }
        var lines = text[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string? contentType = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = line[(colon + 1)..].Trim();
            }
        }
        var body = text[(headerEnd + 4)..];
        if (lines.Any(l => l.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }
        return new Answer(status, contentType, Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body)));
    }

    private static string Unchunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(body[at..lineEnd], System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }
            result.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
