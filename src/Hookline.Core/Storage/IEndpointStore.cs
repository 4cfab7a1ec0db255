using Hookline.Core.Endpoints;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IEndpointStore
{
    Task CreateAsync(Endpoint endpoint, EndpointSecret secret, CancellationToken ct = default);
    Task<Endpoint?> GetAsync(string appId, string id, CancellationToken ct = default);
    /// <summary>By id alone, for the engine.</summary>
    Task<Endpoint?> FindAsync(string id, CancellationToken ct = default);
    Task<Page<Endpoint>> ListAsync(string appId, PageRequest page, CancellationToken ct = default);
    /// <summary>
    /// Saves the endpoint. Disabling parks its unfinished deliveries (they are not claimed);
    /// enabling makes them due again at <paramref name="now"/> or their own retry time.
    /// </summary>
    Task UpdateAsync(Endpoint endpoint, DateTimeOffset now, CancellationToken ct = default);
    /// <summary>Deletes the endpoint; its unfinished deliveries become <c>skipped</c>.</summary>
    Task<bool> DeleteAsync(string appId, string id, DateTimeOffset now, CancellationToken ct = default);
    /// <summary>Every secret of the endpoint, newest first, expired ones included.</summary>
    Task<IReadOnlyList<EndpointSecret>> GetSecretsAsync(string endpointId, CancellationToken ct = default);
    /// <summary>Adds <paramref name="secret"/> as current; the previous current one expires at <paramref name="previousExpiresAt"/>.</summary>
    Task RotateSecretAsync(string endpointId, EndpointSecret secret, DateTimeOffset previousExpiresAt, CancellationToken ct = default);
}
