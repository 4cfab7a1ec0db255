using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Hookline.Server.Hosting;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin;

/// <summary>
/// The UI's actions on traffic, each the same store operation (and engine wake-up) the API performs for it:
/// a test send publishes one message to one endpoint through the publisher; a replay requeues dead deliveries with the replay trigger.
/// </summary>
public sealed class AdminActions(IHooklineStore store, IMessagePublisher publisher, TimeProvider clock, DeliverySignal signal)
{
    public sealed record TestSent(string MessageId, string DeliveryId);

    /// <summary>The API's test send: through the one publisher, to this endpoint alone.</summary>
    public async Task<TestSent> SendTestAsync(Endpoint target, string? eventType, CancellationToken ct)
    {
        var v = new Validator();
        v.Check(!target.Disabled, "endpoint", "is disabled; enable it before a test send");
        v.ThrowIfInvalid();
        var result = await publisher.PublishAsync(new PublishCommand
        {
            AppId = target.AppId,
            EventType = eventType ?? EndpointActionsApi.TestEventType,
            Payload = JsonSerializer.SerializeToElement(new { test = true, message = "Test event from Hookline", endpoint_id = target.Id }),
            OnlyEndpointId = target.Id,
        }, ct);
        if (result.Deliveries is not [var delivery])
        {
            throw ApiProblem.Conflict("the endpoint was disabled or deleted meanwhile");
        }
        return new TestSent(result.Message.Id, delivery.Id);
    }

    /// <summary>Replays dead deliveries: one by id, or all of the app (optionally of one endpoint). Returns how many.</summary>
    public async Task<int> ReplayDeadAsync(string appId, string? deliveryId, string? endpointId, CancellationToken ct)
    {
        var count = await store.Deliveries.RequeueAsync(appId,
            new RequeueFilter([DeliveryStatus.Dead], DeliveryId: deliveryId, EndpointId: endpointId),
            AttemptTriggers.Replay, clock.GetUtcNow(), ct);
        if (count > 0)
        {
            signal.Wake();
        }
        return count;
    }
}
