using Dapper;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class ApiKeyStore(Db db) : IApiKeyStore
{
    private const string Columns = "id, name, app_id, key_hash, hint, created_at";

    public Task CreateAsync(ApiKey key, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO api_keys ({Columns}) VALUES (@Id, @Name, @AppId, @KeyHash, @Hint, @CreatedAt)",
            new { key.Id, key.Name, key.AppId, key.KeyHash, key.Hint, CreatedAt = key.CreatedAt.ToMs() }, t), ct);

    public Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM api_keys WHERE key_hash = @keyHash", new { keyHash }).ConfigureAwait(false))?.ToKey(), ct);

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? appId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<ApiKey>>(async c => (await c.QueryAsync<Row>(
            $"SELECT {Columns} FROM api_keys WHERE (@appId IS NULL AND app_id IS NULL) OR app_id = @appId ORDER BY id",
            new { appId }).ConfigureAwait(false)).Select(r => r.ToKey()).ToList(), ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM api_keys WHERE id = @id", new { id }, t).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await BumpCredentialsGenerationAsync(c, t).ConfigureAwait(false);
            }
            return deleted;
        }, ct);

    public Task<bool> ExistsAsync(string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE id = @id", new { id }).ConfigureAwait(false) > 0, ct);

    public Task<long> CredentialsGenerationAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c => long.TryParse(await c.QueryFirstOrDefaultAsync<string?>(
            "SELECT value FROM settings WHERE name = @name", new { name = CredentialsGeneration }).ConfigureAwait(false), out var generation) ? generation : 0, ct);

    /// <summary>Called in every transaction that deletes keys (directly or with their app) or changes an app.</summary>
    internal static Task BumpCredentialsGenerationAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t) =>
        c.ExecuteAsync("UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE name = @name", new { name = CredentialsGeneration }, t);

    private const string CredentialsGeneration = "credentials_generation";

    public Task<bool> AnyAdminAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE app_id IS NULL").ConfigureAwait(false) > 0, ct);

    public Task DeleteAdminKeysAsync(CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("DELETE FROM api_keys WHERE app_id IS NULL", transaction: t).ConfigureAwait(false);
            await BumpCredentialsGenerationAsync(c, t).ConfigureAwait(false);
        }, ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? AppId { get; set; }
        public string KeyHash { get; set; } = "";
        public string Hint { get; set; } = "";
        public long CreatedAt { get; set; }

        public ApiKey ToKey() => new() { Id = Id, Name = Name, AppId = AppId, KeyHash = KeyHash, Hint = Hint, CreatedAt = Time.FromMs(CreatedAt) };
    }
}
