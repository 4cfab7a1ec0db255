using System.Data.Common;
using Dapper;
using Hookline.Core.Ids;
using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class SourceStore(Db db, ISecretProtector protector) : ISourceStore
{
    public Task CreateAsync(Source source, SourceSecret? secret, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO sources (id, app_id, uid, name_key, config, created_at, updated_at) VALUES (@id, @appId, @uid, @nameKey, @config, @createdAt, @updatedAt)",
                ToParams(source), t).ConfigureAwait(false);
            if (secret is not null)
            {
                await InsertSecretAsync(c, t, source.Id, secret).ConfigureAwait(false);
            }
        }, ct);

    public Task<Source?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        ReadOneAsync("SELECT config FROM sources WHERE id = @id AND app_id = @appId", new { id, appId }, ct);

    public Task<Source?> FindAsync(string id, CancellationToken ct = default) =>
        ReadOneAsync("SELECT config FROM sources WHERE id = @id", new { id }, ct);

    public Task<Source?> FindByNameAsync(string name, CancellationToken ct = default) =>
        ReadOneAsync("SELECT config FROM sources WHERE name_key = @key", new { key = Source.NameKey(name) }, ct);

    public Task<Source?> FindByUidAsync(string uid, CancellationToken ct = default) =>
        ReadOneAsync("SELECT config FROM sources WHERE uid = @uid", new { uid }, ct);

    public Task<Page<Source>> ListAsync(string appId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<string>(
                "SELECT config FROM sources WHERE app_id = @appId AND (@after IS NULL OR id < @after) ORDER BY id DESC LIMIT @take",
                new { appId, after = page.After, take = (long)page.Limit + 1 }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(Read).ToList(), page.Limit, s => s.Id);
        }, ct);

    public Task UpdateAsync(Source source, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE sources SET uid = @uid, name_key = @nameKey, config = @config, updated_at = @updatedAt WHERE id = @id", ToParams(source), t), ct);

    public Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            if (await c.ExecuteAsync("DELETE FROM sources WHERE id = @id AND app_id = @appId", new { id, appId }, t).ConfigureAwait(false) == 0)
            {
                return false;
            }
            await c.ExecuteAsync("DELETE FROM source_secrets WHERE source_id = @id", new { id }, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM inbound_requests WHERE source_id = @id", new { id }, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM source_counters WHERE source_id = @id", new { id }, t).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Everything inbound of an app, inside the app's own delete: a source of a deleted app must not publish on.</summary>
    internal static async Task DeleteForAppAsync(DbConnection c, DbTransaction t, string appId)
    {
        var p = new { appId };
        foreach (var table in new[] { "source_secrets", "inbound_requests", "source_counters" })
        {
            await c.ExecuteAsync($"DELETE FROM {table} WHERE source_id IN (SELECT id FROM sources WHERE app_id = @appId)", p, t).ConfigureAwait(false);
        }
        await c.ExecuteAsync("DELETE FROM inbound_events WHERE app_id = @appId", p, t).ConfigureAwait(false);
        await c.ExecuteAsync("DELETE FROM sources WHERE app_id = @appId", p, t).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<SourceSecret>> GetSecretsAsync(string sourceId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<SourceSecret>>(async c =>
        {
            var rows = await c.QueryAsync<SecretRow>(
                "SELECT secret, created_at, expires_at FROM source_secrets WHERE source_id = @sourceId ORDER BY created_at DESC, id DESC",
                new { sourceId }).ConfigureAwait(false);
            return rows.Select(r => new SourceSecret(protector.Unprotect(r.Secret), Time.FromMs(r.CreatedAt), Time.FromMs(r.ExpiresAt))).ToList();
        }, ct);

    public Task RotateSecretAsync(string sourceId, SourceSecret secret, DateTimeOffset previousExpiresAt, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "UPDATE source_secrets SET expires_at = @expires WHERE source_id = @sourceId AND (expires_at IS NULL OR expires_at > @expires)",
                new { sourceId, expires = previousExpiresAt.ToMs() }, t).ConfigureAwait(false);
            await InsertSecretAsync(c, t, sourceId, secret).ConfigureAwait(false);
        }, ct);

    private Task<Source?> ReadOneAsync(string sql, object args, CancellationToken ct) =>
        db.ReadAsync(async c => await c.QueryFirstOrDefaultAsync<string>(sql, args).ConfigureAwait(false) is { } config ? Read(config) : null, ct);

    private static Source Read(string config) => StoreJson.Read<Source>(config);

    private Task InsertSecretAsync(DbConnection c, DbTransaction t, string sourceId, SourceSecret secret) =>
        c.ExecuteAsync(
            "INSERT INTO source_secrets (id, source_id, secret, created_at, expires_at) VALUES (@id, @sourceId, @secret, @createdAt, @expiresAt)",
            new
            {
                id = IdGenerator.New("ssec"),
                sourceId,
                secret = protector.Protect(secret.Value),
                createdAt = secret.CreatedAt.ToMs(),
                expiresAt = secret.ExpiresAt.ToMs(),
            }, t);

    private static object ToParams(Source s) => new
    {
        id = s.Id,
        appId = s.AppId,
        uid = s.Uid,
        nameKey = Source.NameKey(s.Name),
        config = StoreJson.Write(s),
        createdAt = s.CreatedAt.ToMs(),
        updatedAt = s.UpdatedAt.ToMs(),
    };

    private sealed class SecretRow
    {
        public string Secret { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ExpiresAt { get; set; }
    }
}
