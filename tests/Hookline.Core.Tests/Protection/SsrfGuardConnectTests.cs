using System.Net;
using System.Net.Sockets;
using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class SsrfGuardConnectTests
{
    private static readonly IPAddress Public = IPAddress.Parse("8.8.8.8");

    private static HttpClient Client(SsrfGuard guard) => new(new SocketsHttpHandler
    {
        ConnectCallback = guard.CreateConnectCallback(),
        // A fresh connection per request, so every request goes through the callback.
        PooledConnectionLifetime = TimeSpan.Zero,
        UseProxy = false,
    });

    [Fact]
    public async Task Request_WhenNameResolvesToForbiddenAddress_FailsWithBlockedTarget()
    {
        var guard = new SsrfGuard(new SsrfOptions(), new StubDnsResolver([IPAddress.Parse("10.1.2.3")]));
        using var client = Client(guard);

        var ex = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://hooks.example.test/")));

        ex.InnerException.ShouldBeOfType<BlockedTargetException>().Message.ShouldContain("RFC 1918");
    }

    [Fact]
    public async Task Request_WhenAnyResolvedAddressIsForbidden_FailsEvenIfAPublicOneComesFirst()
    {
        var dialed = new List<IPEndPoint>();
        var guard = new SsrfGuard(new TargetAddressPolicy(new SsrfOptions()), new StubDnsResolver([Public, IPAddress.Parse("169.254.169.254")]),
            (target, _) => { dialed.Add(target); throw new InvalidOperationException("must not dial"); });
        using var client = Client(guard);

        var ex = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://hooks.example.test/")));

        ex.InnerException.ShouldBeOfType<BlockedTargetException>().Message.ShouldContain("metadata");
        dialed.ShouldBeEmpty();
    }

    [Fact]
    public async Task Request_WhenDnsRebindsToLoopback_SecondConnectionIsBlocked()
    {
        await using var server = await LoopbackServer.StartAsync();
        var resolver = new StubDnsResolver([Public], [IPAddress.Loopback]);
        var dialed = new List<IPEndPoint>();
        // The public answer is served by the local test server; the guard still sees 8.8.8.8.
        var guard = new SsrfGuard(new TargetAddressPolicy(new SsrfOptions()), resolver, async (target, ct) =>
        {
            dialed.Add(target);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        });
        using var client = Client(guard);
        var url = new Uri($"http://rebind.example.test:{server.Port}/");

        (await client.GetStringAsync(url)).ShouldBe("ok");
        var ex = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(url));

        ex.InnerException.ShouldBeOfType<BlockedTargetException>().Message.ShouldContain("loopback");
        resolver.Lookups.ShouldBe(2);
        dialed.ShouldBe([new IPEndPoint(Public, server.Port)]);
    }

    [Fact]
    public async Task Request_ToLoopbackLiteral_IsBlockedByDefault()
    {
        await using var server = await LoopbackServer.StartAsync();
        var resolver = new StubDnsResolver();
        using var client = Client(new SsrfGuard(new SsrfOptions(), resolver));

        var ex = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/")));

        ex.InnerException.ShouldBeOfType<BlockedTargetException>();
        resolver.Lookups.ShouldBe(0);
    }

    [Fact]
    public async Task Request_ToLoopback_SucceedsWhenItsRangeIsAllowListed()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var client = Client(new SsrfGuard(new SsrfOptions { AllowedCidrs = ["127.0.0.0/8"] }, new StubDnsResolver()));

        (await client.GetStringAsync(new Uri($"http://127.0.0.1:{server.Port}/"))).ShouldBe("ok");
    }

    [Fact]
    public async Task Request_ByName_ConnectsToTheNextAddressWhenTheFirstRefuses()
    {
        await using var server = await LoopbackServer.StartAsync();
        var unreachable = IPAddress.Parse("1.1.1.1");
        var dialed = new List<IPAddress>();
        var guard = new SsrfGuard(new TargetAddressPolicy(new SsrfOptions()), new StubDnsResolver([unreachable, Public]), async (target, ct) =>
        {
            dialed.Add(target.Address);
            if (target.Address.Equals(unreachable))
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        });
        using var client = Client(guard);

        (await client.GetStringAsync(new Uri($"http://multi.example.test:{server.Port}/"))).ShouldBe("ok");
        dialed.ShouldBe([unreachable, Public]);
    }
}
