using Hookline.Core.Deliveries;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Complete_WithRateLimitWaited_RecordsTheAttemptButKeepsTheRoundsAttemptCount()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var delivery = await PublishOneAsync(app.Id, Start.AddMinutes(-1));

        await ClaimAsync();
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Failed, Now, number: 1, statusCode: 500)]);
        await ClaimAsync();
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, DeliveryStatus.Failed, Now, number: 2, statusCode: 429) with { RateLimitWaited = true }]);
        var leased = (await ClaimAsync()).ShouldHaveSingleItem();

        leased.Delivery.AttemptCount.ShouldBe(2);
        leased.RoundAttempts.ShouldBe(1);
        leased.Delivery.LastStatusCode.ShouldBe(429);
        (await Store.Deliveries.ListAttemptsAsync(delivery.Id)).Select(a => a.StatusCode).ShouldBe([500, 429], ignoreOrder: true);
    }
}
