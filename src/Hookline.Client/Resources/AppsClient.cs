using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class AppsClient
{
    private readonly ApiConnection _api;

    internal AppsClient(ApiConnection api) => _api = api;

    public Task<App> CreateAsync(AppCreate app, CancellationToken ct = default) => _api.PostAsync<App>("api/v1/apps", app, ct);

    /// <param name="environment">Only apps of this environment (development, staging, production).</param>
    public IAsyncEnumerable<App> ListAsync(int? pageSize = null, string? environment = null, CancellationToken ct = default) =>
        _api.ListAsync<App>("api/v1/apps", Query.Of(("limit", Query.Number(pageSize)), ("environment", environment)), ct);

    /// <param name="app">The app's id or uid.</param>
    public Task<App> GetAsync(string app, CancellationToken ct = default) => _api.GetAsync<App>($"api/v1/apps/{ApiConnection.Segment(app)}", ct);

    public Task<App> UpdateAsync(string app, AppPatch patch, CancellationToken ct = default) =>
        _api.PatchAsync<App>($"api/v1/apps/{ApiConnection.Segment(app)}", patch, ct);

    public Task DeleteAsync(string app, CancellationToken ct = default) => _api.DeleteAsync($"api/v1/apps/{ApiConnection.Segment(app)}", ct);
}

internal static class Query
{
    public static IReadOnlyDictionary<string, string?> Of(params (string Name, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    public static string? Number(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? value) => value is null ? null : ApiConnection.Time(value);
}
