using Hookline.Core.Deliveries;
using Hookline.Core.Exports;
using Hookline.Core.Messages;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

/// <summary>Streaming reads for exports, and the export audit trail.</summary>
public interface IExportStore
{
    /// <summary>Every matching message, newest first, read as it is consumed (constant memory).</summary>
    IAsyncEnumerable<Message> StreamMessagesAsync(string appId, MessageQuery query, CancellationToken ct = default);

    /// <summary>Every matching delivery, newest first, read as it is consumed (constant memory).</summary>
    IAsyncEnumerable<Delivery> StreamDeliveriesAsync(string appId, DeliveryQuery query, CancellationToken ct = default);

    Task CreateAsync(ExportRecord record, CancellationToken ct = default);

    Task FinishAsync(string id, string status, long rows, long bytes, string? sha256, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Exports newest first; of one app when <paramref name="appId"/> is set.</summary>
    Task<Page<ExportRecord>> ListAsync(string? appId, PageRequest page, CancellationToken ct = default);
}
