using Hookline.Core.Security;

namespace Hookline.Core.Storage;

public interface IApiKeyStore
{
    Task CreateAsync(ApiKey key, CancellationToken ct = default);
    Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct = default);
    Task<IReadOnlyList<ApiKey>> ListAsync(string? appId, CancellationToken ct = default);
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);
    Task<bool> ExistsAsync(string id, CancellationToken ct = default);
    /// <summary>
    /// A number shared by every node of the database that grows whenever a key or an app is deleted, in the same
    /// transaction: a node's cached credentials read under an older number are read again.
    /// </summary>
    Task<long> CredentialsGenerationAsync(CancellationToken ct = default);
    /// <summary>Whether any admin key exists (first start creates one).</summary>
    Task<bool> AnyAdminAsync(CancellationToken ct = default);
    /// <summary>Removes every admin key (a reset, before a new one is created).</summary>
    Task DeleteAdminKeysAsync(CancellationToken ct = default);
}
