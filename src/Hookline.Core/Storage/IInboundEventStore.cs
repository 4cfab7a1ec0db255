using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Inbound;
using Hookline.Core.Messages;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

/// <summary>Normalized events, the recent requests of each source and its counters.</summary>
public interface IInboundEventStore
{
    /// <summary>
    /// In one transaction: the message and its deliveries (as <see cref="IMessageStore.PublishAsync"/>), the
    /// event, the request's log entry and its counter. A message whose event_id already exists in the app is
    /// a repeat: nothing is published, the first event is returned and the request is logged as a duplicate.
    /// </summary>
    Task<InboundWriteResult> WriteAsync(InboundEvent inboundEvent, Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut,
        InboundRequestRecord request, CancellationToken ct = default);
    /// <summary>Logs a refused request and counts it; nothing else is written.</summary>
    Task RecordRefusalAsync(InboundRequestRecord request, CancellationToken ct = default);
    Task<InboundEvent?> GetAsync(string appId, string id, CancellationToken ct = default);
    Task<Page<InboundEvent>> ListAsync(string appId, InboundEventQuery query, PageRequest page, CancellationToken ct = default);
    Task<Page<InboundRequestRecord>> ListRequestsAsync(string sourceId, PageRequest page, CancellationToken ct = default);
    /// <summary>Requests counted by outcome since the source was made.</summary>
    Task<IReadOnlyDictionary<string, long>> CountersAsync(string sourceId, CancellationToken ct = default);
    /// <summary>Deletes at most <paramref name="batch"/> request log entries received before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneRequestsAsync(DateTimeOffset before, int batch, CancellationToken ct = default);
}

public sealed record InboundWriteResult(InboundEvent Event, PublishResult Publish);
