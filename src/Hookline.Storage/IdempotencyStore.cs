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
                "SELECT request_hash, status_code, response_body, created_at FROM idempotency_keys WHERE scope = @scope AND idem_key = @key",
                new { scope, key }, t).ConfigureAwait(false);
            var stale = (now - IdempotencyRecord.ReservationLifetime).ToMs();
            if (existing.StatusCode is null && existing.CreatedAt < stale)
            {
                // The request that reserved the key never finished (its process died): this one takes over.
                var taken = await c.ExecuteAsync(
                    "UPDATE idempotency_keys SET request_hash = @requestHash, created_at = @now WHERE scope = @scope AND idem_key = @key AND status_code IS NULL AND created_at = @old",
                    new { scope, key, requestHash, now = now.ToMs(), old = existing.CreatedAt }, t).ConfigureAwait(false);
                if (taken == 1)
                {
                    return null;
                }
            }
            return new IdempotencyRecord(existing.RequestHash, (int?)existing.StatusCode, existing.ResponseBody, Time.FromMs(existing.CreatedAt));
        }, ct);

    public Task CompleteAsync(string scope, string key, int statusCode, string responseBody, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE idempotency_keys SET status_code = @statusCode, response_body = @responseBody WHERE scope = @scope AND idem_key = @key",
            new { scope, key, statusCode = (long)statusCode, responseBody }, t), ct);

    public Task AbandonAsync(string scope, string key, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE scope = @scope AND idem_key = @key AND status_code IS NULL", new { scope, key }, t), ct);

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE created_at < @before", new { before = olderThan.ToMs() }, t), ct);

    private sealed class Row
    {
        public string RequestHash { get; set; } = "";
        public long? StatusCode { get; set; }
        public string? ResponseBody { get; set; }
        public long CreatedAt { get; set; }
    }
}
