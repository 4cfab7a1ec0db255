using Dapper;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Paging;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class EndpointStore(Db db, ISecretProtector protector) : IEndpointStore
{
    private const string Unfinished = "('pending', 'failed')";

    public Task CreateAsync(Endpoint endpoint, EndpointSecret secret, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO endpoints (id, app_id, disabled, config, created_at, updated_at) VALUES (@id, @appId, @disabled, @config, @createdAt, @updatedAt)",
                ToParams(endpoint), t).ConfigureAwait(false);
            await InsertSecretAsync(c, t, endpoint.Id, secret).ConfigureAwait(false);
            await AppEndpointCache.BumpAsync(c, t, endpoint.AppId).ConfigureAwait(false);
        }, ct);

    public Task<Endpoint?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => Read(await c.QueryFirstOrDefaultAsync<string>(
            "SELECT config FROM endpoints WHERE id = @id AND app_id = @appId", new { id, appId }).ConfigureAwait(false)), ct);

    public Task<Endpoint?> FindAsync(string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => Read(await c.QueryFirstOrDefaultAsync<string>(
            "SELECT config FROM endpoints WHERE id = @id", new { id }).ConfigureAwait(false)), ct);

    public Task<Page<Endpoint>> ListAsync(string appId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<string>(
                "SELECT config FROM endpoints WHERE app_id = @appId AND (@after IS NULL OR id < @after) ORDER BY id DESC LIMIT @take OFFSET @offset",
                new { appId, after = page.After, take = (long)page.Limit + 1, offset = (long)page.Offset }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => Read(r)!).ToList(), page.Limit, e => e.Id);
        }, ct);

    public Task UpdateAsync(Endpoint endpoint, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "UPDATE endpoints SET disabled = @disabled, config = @config, updated_at = @updatedAt WHERE id = @id",
                ToParams(endpoint), t).ConfigureAwait(false);
            var sql = endpoint.Disabled
                ? $"UPDATE deliveries SET due_at = NULL WHERE endpoint_id = @id AND status IN {Unfinished}"
                : $"UPDATE deliveries SET due_at = COALESCE(next_attempt_at, @now) WHERE endpoint_id = @id AND status IN {Unfinished} AND due_at IS NULL";
            await c.ExecuteAsync(sql, new { id = endpoint.Id, now = now.ToMs() }, t).ConfigureAwait(false);
            await AppEndpointCache.BumpAsync(c, t, endpoint.AppId).ConfigureAwait(false);
        }, ct);

    public Task<bool> DeleteAsync(string appId, string id, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM endpoints WHERE id = @id AND app_id = @appId", new { id, appId }, t).ConfigureAwait(false);
            if (deleted == 0)
            {
                return false;
            }
            await AppEndpointCache.BumpAsync(c, t, appId).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM endpoint_secrets WHERE endpoint_id = @id", new { id }, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM endpoint_leases WHERE endpoint_id = @id", new { id }, t).ConfigureAwait(false);
            await c.ExecuteAsync(
                "UPDATE deliveries SET status = 'skipped', due_at = NULL, lease_owner = NULL, last_error = 'endpoint deleted', updated_at = @now " +
                "WHERE endpoint_id = @id AND status IN ('pending', 'failed', 'sending')",
                new { id, now = now.ToMs() }, t).ConfigureAwait(false);
            return true;
        }, ct);

    public Task<IReadOnlyList<EndpointSecret>> GetSecretsAsync(string endpointId, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<EndpointSecret>>(async c =>
        {
            var rows = await c.QueryAsync<SecretRow>(
                "SELECT secret, created_at, expires_at FROM endpoint_secrets WHERE endpoint_id = @endpointId ORDER BY created_at DESC, id DESC",
                new { endpointId }).ConfigureAwait(false);
            return rows.Select(r => new EndpointSecret(protector.Unprotect(r.Secret), Time.FromMs(r.CreatedAt), Time.FromMs(r.ExpiresAt))).ToList();
        }, ct);

    public Task RotateSecretAsync(string endpointId, EndpointSecret secret, DateTimeOffset previousExpiresAt, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "UPDATE endpoint_secrets SET expires_at = @expires WHERE endpoint_id = @endpointId AND (expires_at IS NULL OR expires_at > @expires)",
                new { endpointId, expires = previousExpiresAt.ToMs() }, t).ConfigureAwait(false);
            await InsertSecretAsync(c, t, endpointId, secret).ConfigureAwait(false);
        }, ct);

    internal static Endpoint? Read(string? config) => config is null ? null : StoreJson.Read<Endpoint>(config);

    private Task InsertSecretAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, string endpointId, EndpointSecret secret) =>
        c.ExecuteAsync(
            "INSERT INTO endpoint_secrets (id, endpoint_id, secret, created_at, expires_at) VALUES (@id, @endpointId, @secret, @createdAt, @expiresAt)",
            new
            {
                id = IdGenerator.New("sec"),
                endpointId,
                secret = protector.Protect(secret.Value),
                createdAt = secret.CreatedAt.ToMs(),
                expiresAt = secret.ExpiresAt.ToMs(),
            }, t);

    private static object ToParams(Endpoint e) => new
    {
        id = e.Id,
        appId = e.AppId,
        disabled = e.Disabled ? 1L : 0L,
        config = StoreJson.Write(e),
        createdAt = e.CreatedAt.ToMs(),
        updatedAt = e.UpdatedAt.ToMs(),
    };

    private sealed class SecretRow
    {
        public string Secret { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ExpiresAt { get; set; }
    }
}
