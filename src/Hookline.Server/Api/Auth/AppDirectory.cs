using System.Collections.Concurrent;
using Hookline.Core.Apps;
using Hookline.Core.Storage;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// Finds a route's app by id or uid from a cache kept under the credentials generation, which every
/// app change or deletion moves: a publish no longer reads its app from the store. Only found apps are
/// cached, so an app created a moment ago is found at once.
/// </summary>
public sealed class AppDirectory(IHooklineStore store, CredentialsGeneration generation)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (App App, long Generation)> _cache = new(StringComparer.Ordinal);

    public async Task<App?> FindAsync(HttpContext context, string idOrUid)
    {
        var current = await generation.ForRequestAsync(context);
        if (_cache.TryGetValue(idOrUid, out var cached) && cached.Generation == current)
        {
            return cached.App;
        }
        var app = await store.Apps.GetAsync(idOrUid, context.RequestAborted);
        if (app is not null)
        {
            if (_cache.Count >= MaxEntries)
            {
                _cache.Clear();
            }
            _cache[idOrUid] = (app, current);
        }
        return app;
    }
}
