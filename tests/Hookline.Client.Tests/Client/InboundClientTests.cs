using System.Net;
using System.Text;
using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Client;

/// <summary>Inbound sources, their recent requests and counters, and the normalized events, through the SDK against a real server.</summary>
public sealed class InboundClientTests : IAsyncLifetime
{
    private const string FeedKey = "feed-key-0123456789abcdef";
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private HooklineClient Client => _server.Client;

    [Fact]
    public async Task Sources_CreateUpdateRotateDelete_AndTheirRequestsAndEvents_RoundTrip()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("inbound"));
        var source = await Client.Sources.CreateAsync(app.Id, new SourceOptions
        {
            Name = "Feed",
            Uid = "feed",
            Verification = new SourceVerification { Type = "api-key", Header = "X-Feed-Key", Secret = FeedKey },
            Mapping = new SourceMapping { CustomerIdField = "user.id", EventType = "feed.item", MetadataFields = new Dictionary<string, string> { ["sku"] = "items[0].sku" } },
        });
        source.Id.ShouldStartWith("src_");
        source.IngestUrl.ShouldEndWith("/in/" + source.Id);
        source.Verification.Header.ShouldBe("X-Feed-Key");
        source.Mapping!.MetadataFields!["sku"].ShouldBe("items[0].sku");

        using var sender = new HttpClient();
        (await SendAsync(sender, source.IngestUrl, FeedKey, """{"user":{"id":"c-7"},"items":[{"sku":"A1"}]}""")).ShouldBe(HttpStatusCode.Accepted);
        (await SendAsync(sender, source.IngestUrl, "wrong-key-0123456789abcdef", "{}")).ShouldBe(HttpStatusCode.Unauthorized);

        var requests = await ToListAsync(Client.Sources.ListRequestsAsync(app.Id, source.Id));
        requests.Count.ShouldBe(2);
        requests.Select(r => r.StatusCode).ShouldBe([401, 202], ignoreOrder: true);
        requests.ShouldAllBe(r => !r.Headers.Values.Any(v => v.Contains(FeedKey)));
        var accepted = requests.Single(r => r.StatusCode == 202);
        accepted.EventId.ShouldNotBeNull();
        var counters = (await Client.Sources.GetAsync(app.Id, source.Id)).Counters!;
        counters.Values.Sum().ShouldBe(2);

        var events = await ToListAsync(Client.InboundEvents.ListAsync(app.Id, new InboundEventFilter(CustomerId: "c-7")));
        var received = events.ShouldHaveSingleItem();
        received.Id.ShouldBe(accepted.EventId);
        received.EventType.ShouldBe("feed.item");
        received.Metadata.GetProperty("sku").GetString().ShouldBe("A1");
        (await ToListAsync(Client.InboundEvents.ListAsync(app.Id, new InboundEventFilter(CustomerId: "someone-else")))).ShouldBeEmpty();
        var one = await Client.InboundEvents.GetAsync(app.Id, received.Id);
        (await Client.Messages.GetAsync(app.Id, one.MessageId)).EventType.ShouldBe("feed.item");

        var updated = await Client.Sources.UpdateAsync(app.Id, source.Id, new SourceOptions { AllowedEventTypes = ["feed.item"], RateLimitPerSecond = 5 });
        updated.AllowedEventTypes.ShouldBe(["feed.item"]);
        updated.RateLimitPerSecond.ShouldBe(5);
        updated.Mapping!.CustomerIdField.ShouldBe("user.id", "fields left out stay");

        var rotated = await Client.Sources.RotateSecretAsync(app.Id, source.Id, secret: "feed-key-rotated-0123456789", gracePeriod: TimeSpan.Zero);
        rotated.Secret.ShouldBe("feed-key-rotated-0123456789");
        (await SendAsync(sender, source.IngestUrl, "feed-key-rotated-0123456789", """{"user":{"id":"c-8"}}""")).ShouldBe(HttpStatusCode.Accepted);

        (await ToListAsync(Client.Sources.ListAsync(app.Id))).ShouldHaveSingleItem().Id.ShouldBe(source.Id);
        await Client.Sources.DeleteAsync(app.Id, source.Id);
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.Sources.GetAsync(app.Id, source.Id));
        (await Client.InboundEvents.GetAsync(app.Id, received.Id)).Id.ShouldBe(received.Id, "a source's events outlive it");
    }

    [Fact]
    public async Task Source_WithBadVerification_IsAValidationExceptionNamingTheField()
    {
        var app = await Client.Apps.CreateAsync(new AppCreate("inbound-bad"));
        var invalid = await Should.ThrowAsync<HooklineValidationException>(() => Client.Sources.CreateAsync(app.Id, new SourceOptions
        {
            Name = "Bad",
            Verification = new SourceVerification { Type = "hmac" },
        }));
        invalid.Errors.Keys.ShouldContain("verification.header");
        (await ToListAsync(Client.Sources.ListAsync(app.Id))).ShouldBeEmpty();
        await Should.ThrowAsync<HooklineNotFoundException>(() => Client.InboundEvents.GetAsync(app.Id, "evt_nope"));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient sender, string url, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Feed-Key", key);
        using var response = await sender.SendAsync(request);
        return response.StatusCode;
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
