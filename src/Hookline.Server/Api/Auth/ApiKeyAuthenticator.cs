using System.Collections.Concurrent;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// Resolves a bearer key to its stored record by SHA-256 hash (keys are 256-bit random, so a fast
/// hash is enough) and compares in constant time. Answers are cached for <see cref="CacheTtl"/>, each
/// under the database's credentials generation: every request reads that one number (a primary-key read
/// of a one-row setting), and any key or app deleted on any node has moved it, so a deleted key stops
/// working on every node at once.
/// </summary>
public sealed class ApiKeyAuthenticator(IHooklineStore store, TimeProvider clock)
{
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ApiKey? Key, long Generation, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public Task<Caller?> AuthenticateAsync(string presentedKey, CancellationToken ct) => AuthenticateHashAsync(ApiKeys.Hash(presentedKey), ct);

    /// <summary>By the key's hash, as an admin-UI session holds it, so a revoked key ends its sessions too.</summary>
    public async Task<Caller?> AuthenticateHashAsync(string hash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var generation = await store.ApiKeys.CredentialsGenerationAsync(ct);
        if (!_cache.TryGetValue(hash, out var cached) || cached.Expires <= now || cached.Generation != generation)
        {
            cached = (await store.ApiKeys.FindByHashAsync(hash, ct), generation, now + CacheTtl);
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
