using System.Text;
using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;
using Hookline.Core.Validation;

namespace Hookline.Core.Publishing;

/// <summary>
/// The one publish path. Checks the command, then writes the message and one delivery per matching
/// endpoint in one transaction (the endpoints as that transaction sees them), and wakes the engine
/// when anything became due.
/// </summary>
public sealed class MessagePublisher(
    IHooklineStore store,
    TimeProvider clock,
    IDeliveryWake wake,
    PublishingOptions? options = null,
    IDeliveryFilter? filter = null,
    IPayloadValidator? payloadValidator = null) : IMessagePublisher
{
    private readonly PublishingOptions _options = options ?? new PublishingOptions();
    private readonly IDeliveryFilter _filter = filter ?? AcceptAllFilter.Instance;
    private readonly IPayloadValidator _payloadValidator = payloadValidator ?? NoPayloadValidation.Instance;

    public Task<PublishResult> PublishAsync(PublishCommand command, CancellationToken ct = default) =>
        PublishAsync(command, store.Messages.PublishAsync, ct);

    public async Task<PublishResult> PublishAsync(PublishCommand command, PublishWriter writer, CancellationToken ct = default)
    {
        using var span = HooklineTracing.StartPublish(command.AppId, command.EventType);
        var payload = await ValidateAsync(command, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var message = new Message
        {
            Id = IdGenerator.New(IdPrefix.Message, clock),
            AppId = command.AppId,
            EventType = command.EventType,
            EventId = command.EventId,
            Payload = payload,
            Channels = command.Channels.Distinct(StringComparer.Ordinal).ToList(),
            CreatedAt = now,
            TraceParent = HooklineTracing.TraceParentOf(span),
        };
        var result = await writer(message, endpoints => FanOut(message, endpoints, command.OnlyEndpointId), ct).ConfigureAwait(false);
        if (result.Deliveries.Any(d => d.Status == DeliveryStatus.Pending))
        {
            wake.Wake();
        }
        if (!result.Duplicate)
        {
            HooklineMetrics.Published(message.AppId, message.EventType, result.Deliveries.Count);
        }
        return result;
    }

    private async Task<string> ValidateAsync(PublishCommand command, CancellationToken ct)
    {
        var v = new Validator();
        MessageRules.EventTypeName(v, "event_type", command.EventType);
        MessageRules.EventId(v, "event_id", command.EventId);
        MessageRules.Channels(v, "channels", command.Channels);
        string? payload = null;
        if (command.Payload.ValueKind != JsonValueKind.Object)
        {
            v.Add("payload", "is required and must be a JSON object");
        }
        else
        {
            payload = command.Payload.GetRawText();
            v.Check(Encoding.UTF8.GetByteCount(payload) <= _options.MaxPayloadBytes, "payload", $"must be at most {_options.MaxPayloadBytes} bytes");
        }
        if (v.IsValid)
        {
            await _payloadValidator.ValidateAsync(command.EventType, command.Payload, v, ct).ConfigureAwait(false);
        }
        v.ThrowIfInvalid();
        return payload!;
    }

    /// <summary>
    /// One delivery per enabled endpoint that wants this event type on these channels: pending, or
    /// skipped when the endpoint's filter says no. A targeted send goes to its one endpoint alone.
    /// </summary>
    private IReadOnlyList<Delivery> FanOut(Message message, IReadOnlyList<Endpoint> endpoints, string? onlyEndpointId)
    {
        var deliveries = new List<Delivery>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Disabled)
            {
                continue;
            }
            if (onlyEndpointId is not null)
            {
                if (endpoint.Id == onlyEndpointId)
                {
                    deliveries.Add(NewDelivery(message, endpoint, null));
                }
                continue;
            }
            if (endpoint.Matches(message.EventType, message.Channels))
            {
                deliveries.Add(NewDelivery(message, endpoint, _filter.SkipReason(endpoint, message)));
            }
        }
        return deliveries;
    }

    private Delivery NewDelivery(Message message, Endpoint endpoint, string? skipReason) => new()
    {
        Id = IdGenerator.New(IdPrefix.Delivery, clock),
        MessageId = message.Id,
        AppId = message.AppId,
        EndpointId = endpoint.Id,
        EventType = message.EventType,
        Status = skipReason is null ? DeliveryStatus.Pending : DeliveryStatus.Skipped,
        SkipReason = skipReason,
        NextAttemptAt = skipReason is null ? message.CreatedAt : null,
        CreatedAt = message.CreatedAt,
        UpdatedAt = message.CreatedAt,
    };
}
