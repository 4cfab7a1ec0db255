using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Routing;

namespace Hookline.Core.Tests.Routing;

public sealed class PayloadFilterTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Endpoint EndpointWith(string? filter) =>
        new() { Id = "ep_1", AppId = "app_1", Url = "https://example.com", Filter = filter, CreatedAt = At, UpdatedAt = At };

    private static Message Lead(int score) =>
        new() { Id = "msg_1", AppId = "app_1", EventType = "lead.created", Payload = $$$"""{"lead": {"score": {{{score}}}}}""", CreatedAt = At };

    [Fact]
    public void EndpointWithoutFilter_TakesEveryMessage() =>
        new PayloadFilter(new FilterCache()).SkipReason(EndpointWith(null), Lead(1)).ShouldBeNull();

    [Fact]
    public void FilterSayingNo_SkipsWithReasonFilter_AndYes_Takes()
    {
        var filter = new PayloadFilter(new FilterCache());
        var endpoint = EndpointWith("""{"field_path": "data.lead.score", "operator": "greater_than", "value": 80}""");
        filter.SkipReason(endpoint, Lead(85)).ShouldBeNull();
        filter.SkipReason(endpoint, Lead(80)).ShouldBe(SkipReasons.Filter);
    }

    [Fact]
    public void SameMessage_ManyEndpoints_EachDecidedOnItsOwnFilter()
    {
        var filter = new PayloadFilter(new FilterCache());
        var message = Lead(50);
        filter.SkipReason(EndpointWith("""{"field_path": "data.lead.score", "operator": "less_than", "value": 60}"""), message).ShouldBeNull();
        filter.SkipReason(EndpointWith("""{"field_path": "data.lead.score", "operator": "greater_than", "value": 60}"""), message).ShouldBe(SkipReasons.Filter);
    }

    [Fact]
    public void StoredFilterThatIsNotValid_SkipsWithItsOwnReason_InsteadOfFailingThePublish() =>
        new PayloadFilter(new FilterCache()).SkipReason(EndpointWith("""{"colour": "red"}"""), Lead(1)).ShouldBe(PayloadFilter.InvalidFilterReason);
}
