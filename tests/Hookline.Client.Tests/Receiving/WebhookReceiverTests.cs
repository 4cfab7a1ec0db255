using System.Collections.Concurrent;
using System.Net;
using Hookline.Client.Models;
using Hookline.Client.Receiving;
using Hookline.Client.Tests.Support;
using Hookline.Signing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Client.Tests.Receiving;

/// <summary>MapWebhookReceiver fed real deliveries by a real Hookline server, one receiver route per signature scheme.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private static readonly string[] Schemes = [.. SignatureSchemes.All.Where(s => s != SignatureSchemes.None)];

    private readonly ClientHost _server = new();
    private readonly ConcurrentQueue<(string Route, ReceivedWebhook Webhook)> _handled = new();
    private readonly Dictionary<string, string> _secrets = [];
    private WebApplication _receiver = null!;
    private Uri _receiverAddress = null!;
    private string _app = null!;
    private readonly Dictionary<string, Endpoint> _endpoints = [];

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _app = (await _server.Client.Apps.CreateAsync(new AppCreate("receivers"))).Id;
        // Endpoints first (for their secrets), aimed at the port the receiver takes next.
        var port = FreePort();
        foreach (var scheme in Schemes)
        {
            var endpoint = await _server.Client.Endpoints.CreateAsync(_app, new EndpointOptions
            {
                Url = $"http://127.0.0.1:{port}/hooks/{scheme}",
                SignatureScheme = scheme,
                EventTypes = [$"test.{scheme}"],
            });
            _endpoints[scheme] = endpoint;
            _secrets[scheme] = endpoint.Secret!;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        foreach (var scheme in Schemes)
        {
            _receiver.MapWebhookReceiver($"/hooks/{scheme}", o =>
            {
                o.Scheme = scheme;
                o.Secrets.Add(_secrets[scheme]);
            }, (webhook, _) =>
            {
                _handled.Enqueue((scheme, webhook));
                return Task.CompletedTask;
            });
        }
        await _receiver.StartAsync();
        _receiverAddress = new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task EveryScheme_RealDelivery_IsVerifiedAndHandled_AndARedeliveryIsNotHandledTwice()
    {
        var published = new Dictionary<string, string>();
        foreach (var scheme in Schemes)
        {
            published[scheme] = (await _server.Client.Messages.PublishAsync(_app, $"test.{scheme}", new { scheme })).Id;
        }
        await Eventually.HoldsAsync(() => Task.FromResult(_handled.Count >= Schemes.Length), TimeSpan.FromSeconds(30),
            $"every scheme's delivery is handled; handled: {string.Join(", ", _handled.Select(h => h.Route))}");
        foreach (var scheme in Schemes)
        {
            var handled = _handled.Where(h => h.Route == scheme).ShouldHaveSingleItem($"{scheme} handled once").Webhook;
            handled.Id.ShouldBe(published[scheme]);
            handled.EventType.ShouldBe($"test.{scheme}");
            using var body = handled.ParseJson();
            body.RootElement.GetProperty("data").GetProperty("scheme").GetString().ShouldBe(scheme);
        }

        // A manual retry sends the same webhook-id again: acknowledged (so the delivery succeeds) but not handled again.
        var scheme0 = SignatureSchemes.StandardWebhooksEd25519;
        var delivery = (await _server.Client.Messages.ListDeliveriesAsync(_app, published[scheme0])).Single();
        // The handler runs before the attempt's outcome is committed; a retry of a delivery still sending is refused.
        await Eventually.HoldsAsync(async () => (await _server.Client.Deliveries.GetAsync(_app, delivery.Id)).Delivery.Status == "succeeded",
            TimeSpan.FromSeconds(30), "the first delivery is recorded as succeeded");
        await _server.Client.Deliveries.RetryAsync(_app, delivery.Id);
        await Eventually.HoldsAsync(async () =>
        {
            var detail = await _server.Client.Deliveries.GetAsync(_app, delivery.Id);
            return detail.Attempts.Count == 2 && detail.Delivery.Status == "succeeded";
        }, TimeSpan.FromSeconds(30), "the retry is answered with success");
        (await _server.Client.Deliveries.GetAsync(_app, delivery.Id)).Attempts.Select(a => a.StatusCode).ShouldBe([204, 200], ignoreOrder: true);
        _handled.Count(h => h.Route == scheme0).ShouldBe(1);
    }

    [Fact]
    public async Task ForgedOrUnsignedRequest_Gets401Problem_AndNeverReachesTheHandler()
    {
        using var http = new HttpClient { BaseAddress = _receiverAddress };
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{SignatureSchemes.StandardWebhooks}")
        {
            Content = new StringContent("""{"id":"msg_x","data":{}}"""),
        };
        forged.Headers.Add("webhook-id", "msg_x");
        forged.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        using var answer = await http.SendAsync(forged);
        answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await answer.Content.ReadAsStringAsync()).ShouldContain("no matching signature");

        using var unsigned = await http.PostAsync($"/hooks/{SignatureSchemes.Jwt}", new StringContent("{}"));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _handled.ShouldBeEmpty();
    }

    [Fact]
    public async Task StaleTimestamp_IsRefused_ByTheReceiversClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var secret = SecretFormat.Generate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var calls = 0;
        app.MapWebhookReceiver("/in", o =>
        {
            o.Secrets.Add(secret);
            o.Clock = clock;
            o.Tolerance = TimeSpan.FromMinutes(1);
        }, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        HttpRequestMessage Signed(string id)
        {
            var body = """{"data":{"n":1}}"""u8.ToArray();
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            var request = new HttpRequestMessage(HttpMethod.Post, "/in") { Content = new ByteArrayContent(body) };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.StandardSignature(secret, id, timestamp, body));
            return request;
        }

        using var fresh = Signed("msg_fresh");
        (await http.SendAsync(fresh)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var stale = Signed("msg_stale");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await http.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        calls.ShouldBe(1);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
