using Hookline.Core.Deliveries;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Hookline.Server.Hosting;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin;

/// <summary>
/// The UI's actions on traffic, each the same store operation (and engine wake-up) the API performs for it:
/// a test send publishes one message to one endpoint; a replay requeues dead deliveries with the replay trigger.
/// </summary>
public sealed class AdminActions(IHooklineStore store, TimeProvider clock, DeliverySignal signal)
{
    public sealed record TestSent(string MessageId, string DeliveryId);

    public async Task<TestSent> SendTestAsync(Endpoint target, string? eventType, CancellationToken ct)
    {
        var v = new Validator();
        if (eventType is not null)
        {
            Fields.EventTypeName(v, "event_type", eventType);
        }
        v.Check(!target.Disabled, "endpoint", "is disabled; enable it before a test send");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var message = new Message
        {
            Id = IdGenerator.New(IdPrefix.Message, clock),
            AppId = target.AppId,
            EventType = eventType ?? EndpointActionsApi.TestEventType,
            Payload = $$"""{"test":true,"message":"Test event from Hookline","endpoint_id":"{{target.Id}}"}""",
            CreatedAt = now,
        };
        Delivery? delivery = null;
        await store.Messages.PublishAsync(message, endpoints =>
        {
            var match = endpoints.FirstOrDefault(e => e.Id == target.Id);
            delivery = match is null ? null : MessagesApi.NewDelivery(message, match, clock);
            return delivery is null ? [] : [delivery];
        }, ct);
        if (delivery is null)
        {
            throw ApiProblem.Conflict("the endpoint was disabled or deleted meanwhile");
        }
        signal.Wake();
        return new TestSent(message.Id, delivery.Id);
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
