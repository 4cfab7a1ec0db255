using Hookline.Core.Apps;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IAppStore
{
    /// <summary>Throws <see cref="ConflictException"/> when the uid is taken.</summary>
    Task CreateAsync(App app, CancellationToken ct = default);
    Task<App?> GetAsync(string idOrUid, CancellationToken ct = default);
    /// <summary>Newest first; <paramref name="environment"/>, when given, keeps only the apps of that environment.</summary>
    Task<Page<App>> ListAsync(PageRequest page, CancellationToken ct = default, string? environment = null);
    /// <summary>Throws <see cref="ConflictException"/> when the uid is taken.</summary>
    Task UpdateAsync(App app, CancellationToken ct = default);
    /// <summary>Deletes the app with its endpoints, messages, deliveries, attempts and keys.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);
}
