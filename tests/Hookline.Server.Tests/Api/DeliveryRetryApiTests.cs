using System.Net;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Api;

public sealed class DeliveryRetryApiTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Retry_OfADeliveryWhoseEndpointWasDeleted_Is409WithTheReason_AndChangesNothing()
    {
        var endpoint = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/hook" })).Str("id");
        var (_, message) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new { event_type = "a.b", payload = new { n = 1 } });
        var (_, deliveries) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages/{message.Str("id")}/deliveries");
        var delivery = deliveries!["data"]![0]!.Str("id");
        (await _host.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/apps/{_app}/endpoints/{endpoint}")).Status.ShouldBe(HttpStatusCode.NoContent);

        var (status, problem) = await _host.Admin.SendAsync(HttpMethod.Post, $"/api/v1/apps/{_app}/deliveries/{delivery}/retry");

        status.ShouldBe(HttpStatusCode.Conflict, problem?.ToJsonString());
        problem.Str("detail").ShouldContain("endpoint");
        problem.Str("detail").ShouldContain("deleted");
        var (_, after) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/deliveries/{delivery}");
        after!["delivery"].Str("status").ShouldBe("skipped");
    }
}
