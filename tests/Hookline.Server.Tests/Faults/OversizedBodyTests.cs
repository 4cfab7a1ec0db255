using System.Net.Sockets;
using System.Text;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// A body larger than the server accepts is refused while it is being read: the 413 problem arrives while the
/// client is still sending, long before the 40 MB it meant to send, chunked (no Content-Length to refuse it by) or not.
/// </summary>
public sealed class OversizedBodyTests : IAsyncLifetime
{
    private const int Limit = 64 * 1024;
    private const long Meant = 40L << 20;
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:RunDispatcher"] = "false",
            ["Hookline:MaxPayloadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hookline:Inbound:MaxBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("api", true)]
    [InlineData("api", false)]
    [InlineData("in", true)]
    [InlineData("in", false)]
    public async Task FortyMegabyteBody_IsRefused413ProblemJson_WhileStillBeingSent(string route, bool chunked)
    {
        var path = route == "api" ? $"/api/v1/apps/{_app}/messages" : "/in";

        var (answer, sent) = await SendUntilAnsweredAsync(path, chunked);

        answer.ShouldStartWith("HTTP/1.1 413");
        answer.ShouldContain("application/problem+json");
        sent.ShouldBeLessThan(Meant / 4, $"{sent:N0} bytes were sent before the answer");
    }

    private async Task<(string Answer, long Sent)> SendUntilAnsweredAsync(string path, bool chunked)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync(_host.BaseAddress.Host, _host.BaseAddress.Port, deadline.Token);
        var stream = client.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {Meant}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestHost.AdminKey}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"), deadline.Token);
        var block = Encoding.ASCII.GetBytes("{\"event_type\":\"a.b\",\"payload\":\"" + new string('x', 64 * 1024));
        var chunk = chunked ? Encoding.ASCII.GetBytes($"{block.Length:X}\r\n").Concat(block).Concat("\r\n"u8.ToArray()).ToArray() : block;
        long sent = 0;
        try
        {
            while (sent < Meant && !stream.DataAvailable)
            {
                await stream.WriteAsync(chunk, deadline.Token);
                sent += block.Length;
            }
        }
        catch (IOException)
        {
            // The server answered and closed while we were still sending.
        }
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while (answer.Length < 64 * 1024 && (read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
                if (Encoding.ASCII.GetString(answer.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal) && !stream.DataAvailable)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was read is the answer.
        }
        return (Encoding.ASCII.GetString(answer.ToArray()), sent);
    }
}
