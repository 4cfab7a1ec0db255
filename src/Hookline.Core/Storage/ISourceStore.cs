using Hookline.Core.Inbound;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

/// <summary>Inbound sources and their encrypted verification secrets. Names (case-insensitive) and uids are unique across the installation.</summary>
public interface ISourceStore
{
    /// <summary>Throws <see cref="ConflictException"/> when the name or uid is taken.</summary>
    Task CreateAsync(Source source, SourceSecret? secret, CancellationToken ct = default);
    Task<Source?> GetAsync(string appId, string id, CancellationToken ct = default);
    /// <summary>By id alone, for the intake.</summary>
    Task<Source?> FindAsync(string id, CancellationToken ct = default);
    /// <summary>By name, whatever its case, or by uid.</summary>
    Task<Source?> FindByNameAsync(string name, CancellationToken ct = default);
    Task<Source?> FindByUidAsync(string uid, CancellationToken ct = default);
    Task<Page<Source>> ListAsync(string appId, PageRequest page, CancellationToken ct = default);
    Task UpdateAsync(Source source, CancellationToken ct = default);
    /// <summary>Deletes the source, its secrets, recent requests and counters; its events stay with the app.</summary>
    Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default);
    /// <summary>Every secret, newest first, expired ones included.</summary>
    Task<IReadOnlyList<SourceSecret>> GetSecretsAsync(string sourceId, CancellationToken ct = default);
    /// <summary>Adds <paramref name="secret"/> as current; earlier ones expire at <paramref name="previousExpiresAt"/> at the latest.</summary>
    Task RotateSecretAsync(string sourceId, SourceSecret secret, DateTimeOffset previousExpiresAt, CancellationToken ct = default);
}
