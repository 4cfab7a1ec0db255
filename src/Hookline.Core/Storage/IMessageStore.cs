using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IMessageStore
{
    /// <summary>
    /// Writes the message and its deliveries in one transaction. <paramref name="fanOut"/> gets the
    /// app's enabled endpoints as the transaction sees them and returns the deliveries to write.
    /// A message whose <c>event_id</c> already exists in the app is not written: the first one is returned.
    /// </summary>
    Task<PublishResult> PublishAsync(Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut, CancellationToken ct = default);
    Task<Message?> GetAsync(string appId, string id, CancellationToken ct = default);
    Task<Page<Message>> ListAsync(string appId, MessageQuery query, PageRequest page, CancellationToken ct = default);
}

public sealed record PublishResult(Message Message, bool Duplicate, IReadOnlyList<Delivery> Deliveries);

public sealed record MessageQuery(string? EventType = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Channel = null);
