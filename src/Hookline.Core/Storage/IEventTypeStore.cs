using Hookline.Core.EventTypes;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IEventTypeStore
{
    /// <summary>Throws <see cref="ConflictException"/> when the name exists.</summary>
    Task CreateAsync(EventType eventType, CancellationToken ct = default);
    Task<EventType?> GetAsync(string name, CancellationToken ct = default);
    /// <summary>Ordered by name; the iterator is the last name.</summary>
    Task<Page<EventType>> ListAsync(PageRequest page, bool includeArchived, CancellationToken ct = default);
    Task UpdateAsync(EventType eventType, CancellationToken ct = default);
}
