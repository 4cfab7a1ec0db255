using Hookline.Core.Audit;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IAuditStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Entries newest first.</summary>
    Task<Page<AuditEntry>> ListAsync(AuditQuery query, PageRequest page, CancellationToken ct = default);
}
