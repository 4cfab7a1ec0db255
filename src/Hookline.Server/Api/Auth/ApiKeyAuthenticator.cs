using System.Collections.Concurrent;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// Resolves a bearer key to its stored record by SHA-256 hash (keys are 256-bit random, so a fast
/// hash is enough) and compares in constant time. Answers are cached for <see cref="CacheTtl"/>, each
/// under the database's <see cref="CredentialsGeneration"/>, which any key or app deleted on any node has
/// moved, so a deleted key stops working on every node at once.
/// </summary>
public sealed class ApiKeyAuthenticator(IHooklineStore store, CredentialsGeneration generations, TimeProvider clock)
{
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ApiKey? Key, long Generation, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public Task<Caller?> AuthenticateAsync(string presentedKey, HttpContext context) => AuthenticateHashAsync(ApiKeys.Hash(presentedKey), context);

    /// <summary>By the key's hash, as an admin-UI session holds it, so a revoked key ends its sessions too.</summary>
    public async Task<Caller?> AuthenticateHashAsync(string hash, HttpContext context)
    {
        var now = clock.GetUtcNow();
        var generation = await generations.ForRequestAsync(context);
        if (!_cache.TryGetValue(hash, out var cached) || cached.Expires <= now || cached.Generation != generation)
        {
            cached = (await store.ApiKeys.FindByHashAsync(hash, context.RequestAborted), generation, now + CacheTtl);
            if (_cache.Count > 10_000)
            {
                _cache.Clear();
            }
            _cache[hash] = cached;
        }
        return cached.Key is { } key && ApiKeys.HashesEqual(key.KeyHash, hash) ? new Caller(key.Id, key.AppId) : null;
    }

    public void Forget() => _cache.Clear();
}
