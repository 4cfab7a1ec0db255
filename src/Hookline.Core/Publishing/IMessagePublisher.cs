using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Core.Publishing;

/// <summary>
/// Writes a message and its fan-out in one transaction. The default writes through
/// <see cref="IMessageStore.PublishAsync"/>; a caller with rows of its own to commit with the
/// message (an inbound source's normalized event) passes a writer that does both.
/// </summary>
public delegate Task<PublishResult> PublishWriter(Message message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> fanOut, CancellationToken ct);

/// <summary>The one way a message enters Hookline: validate, match endpoints, filter, write, wake the engine.</summary>
public interface IMessagePublisher
{
    Task<PublishResult> PublishAsync(PublishCommand command, CancellationToken ct = default);

    Task<PublishResult> PublishAsync(PublishCommand command, PublishWriter writer, CancellationToken ct = default);
}
