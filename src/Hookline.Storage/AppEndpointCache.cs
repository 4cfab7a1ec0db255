using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Hookline.Core.Endpoints;

namespace Hookline.Storage;

/// <summary>
/// Each app's enabled endpoints as the publish path matches them, kept between publishes. Every
/// write to an app's endpoints bumps the app's row in <c>endpoint_versions</c> in the same
/// transaction, on whichever node makes it; a publish reads that one indexed number and reloads only
/// when it moved. The version is read before the endpoints, so a cached list is never older than
/// the version it is filed under.
/// </summary>
internal sealed class AppEndpointCache
{
    private readonly ConcurrentDictionary<string, (long Version, IReadOnlyList<Endpoint> Endpoints)> _apps = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Endpoint>> EnabledAsync(DbConnection c, DbTransaction t, string appId)
    {
        var version = await c.ExecuteScalarAsync<long?>(
            "SELECT version FROM endpoint_versions WHERE app_id = @appId", new { appId }, t).ConfigureAwait(false) ?? 0;
        if (_apps.TryGetValue(appId, out var cached) && cached.Version == version)
        {
            return cached.Endpoints;
        }
        var configs = await c.QueryAsync<string>(
            "SELECT config FROM endpoints WHERE app_id = @appId AND disabled = 0", new { appId }, t).ConfigureAwait(false);
        IReadOnlyList<Endpoint> endpoints = configs.Select(cfg => EndpointStore.Read(cfg)!).ToList();
        _apps[appId] = (version, endpoints);
        return endpoints;
    }

    /// <summary>Marks the app's endpoints changed; call in the transaction that changes them.</summary>
    public static Task BumpAsync(DbConnection c, DbTransaction t, string appId) =>
        c.ExecuteAsync(
            "INSERT INTO endpoint_versions (app_id, version) VALUES (@appId, 1) ON CONFLICT (app_id) DO UPDATE SET version = endpoint_versions.version + 1",
            new { appId }, t);
}
