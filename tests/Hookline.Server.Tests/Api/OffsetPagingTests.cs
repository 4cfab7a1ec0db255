using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

public sealed class OffsetPagingTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Lists_WithOffset_SkipThatManyItems_LikeThePagesBeforeThem()
    {
        var app = (await _host.Admin.CreateAppAsync()).Str("id");
        for (var i = 0; i < 5; i++)
        {
            (await _host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "order.paid", payload = new { n = i } })).Status
                .ShouldBe(HttpStatusCode.Accepted);
            await _host.Admin.CreateEndpointAsync(app, new { url = $"http://127.0.0.1:9/{i}", disabled = true });
        }
        var allMessages = (await _host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages")).Body!["data"]!.AsArray().Select(m => m.Str("id")).ToList();

        var (status, page) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{app}/messages?limit=2&offset=2");

        status.ShouldBe(HttpStatusCode.OK);
        page!["data"]!.AsArray().Select(m => m.Str("id")).ShouldBe(allMessages.Skip(2).Take(2));
        page["done"]!.GetValue<bool>().ShouldBeFalse();
        var endpoints = (await _host.Admin.GetJsonAsync($"/api/v1/apps/{app}/endpoints?offset=4")).Body!["data"]!.AsArray();
        endpoints.Count.ShouldBe(1);
        (await _host.Admin.GetJsonAsync("/api/v1/apps?offset=1")).Body!["data"]!.AsArray().ShouldBeEmpty();
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries?offset=0")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    public async Task Offset_OutOfRange_Is422NamingOffset(string offset)
    {
        var (status, problem) = await _host.Admin.GetJsonAsync($"/api/v1/apps?offset={offset}");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["errors"]!["offset"].ShouldNotBeNull();
    }
}
