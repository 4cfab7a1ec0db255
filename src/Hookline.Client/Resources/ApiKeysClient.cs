using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class ApiKeysClient
{
    private readonly ApiConnection _api;

    internal ApiKeysClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/api-keys";

    /// <summary>Creates a key scoped to the app; the answer's <see cref="ApiKeyCreated.Key"/> is shown this once.</summary>
    public Task<ApiKeyCreated> CreateAsync(string app, string name, CancellationToken ct = default) => _api.PostAsync<ApiKeyCreated>(Base(app), new { name }, ct);

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string app, CancellationToken ct = default) =>
        (await _api.GetAsync<ListPage<ApiKey>>(Base(app), ct).ConfigureAwait(false)).Data;

    public Task DeleteAsync(string app, string key, CancellationToken ct = default) => _api.DeleteAsync($"{Base(app)}/{ApiConnection.Segment(key)}", ct);
}
