using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class IdempotencyStore(Db db) : IIdempotencyStore
{
    public Task<IdempotencyRecord?> TryBeginAsync(string scope, string key, string requestHash, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Insert-or-nothing, so two concurrent first requests can't both go ahead.
            var inserted = await c.ExecuteAsync(
                "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at) VALUES (@scope, @key, @requestHash, @now) ON CONFLICT (scope, idem_key) DO NOTHING",
                new { scope, key, requestHash, now = now.ToMs() }, t).ConfigureAwait(false);
            if (inserted == 1)
            {
                return null;
            }
            var existing = await c.QueryFirstAsync<Row>(
                "SELECT request_hash, status_code, response_body, created_at, replay_guard FROM idempotency_keys WHERE scope = @scope AND idem_key = @key",
                new { scope, key }, t).ConfigureAwait(false);
            // An unfinished reservation whose request died, or a finished record past its lifetime that the
            // retention job has not deleted yet: this request takes the key over.
            var abandoned = existing.StatusCode is null && existing.CreatedAt < (now - IdempotencyRecord.ReservationLifetime).ToMs();
            var expired = existing.StatusCode is not null && existing.CreatedAt < (now - IdempotencyRecord.Lifetime).ToMs();
            if (abandoned || expired)
            {
                var taken = await c.ExecuteAsync(
                    "UPDATE idempotency_keys SET request_hash = @requestHash, created_at = @now, status_code = NULL, response_body = NULL, replay_guard = NULL " +
                    "WHERE scope = @scope AND idem_key = @key AND created_at = @old",
                    new { scope, key, requestHash, now = now.ToMs(), old = existing.CreatedAt }, t).ConfigureAwait(false);
                if (taken == 1)
                {
                    return null;
                }
            }
            return new IdempotencyRecord(existing.RequestHash, (int?)existing.StatusCode, existing.ResponseBody, Time.FromMs(existing.CreatedAt), existing.ReplayGuard);
        }, ct);

    public Task CompleteAsync(string scope, string key, int statusCode, string responseBody, string? replayGuard = null, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE idempotency_keys SET status_code = @statusCode, response_body = @responseBody, replay_guard = @replayGuard WHERE scope = @scope AND idem_key = @key",
            new { scope, key, statusCode = (long)statusCode, responseBody, replayGuard }, t), ct);

    public Task AbandonAsync(string scope, string key, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE scope = @scope AND idem_key = @key AND status_code IS NULL", new { scope, key }, t), ct);

    public Task<bool> ForgetAsync(string scope, string key, DateTimeOffset createdAt, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE scope = @scope AND idem_key = @key AND status_code IS NOT NULL AND created_at = @createdAt",
            new { scope, key, createdAt = createdAt.ToMs() }, t).ConfigureAwait(false) == 1, ct);

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE created_at < @before", new { before = olderThan.ToMs() }, t), ct);

    private sealed class Row
    {
        public string RequestHash { get; set; } = "";
        public long? StatusCode { get; set; }
        public string? ResponseBody { get; set; }
        public long CreatedAt { get; set; }
        public string? ReplayGuard { get; set; }
    }
}
