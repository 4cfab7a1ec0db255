using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class DeliveryLeases(Db db) : IDeliveryLeases
{
    // A leased row's due_at is its lease expiry (see DeliveryQueue.ClaimSql), so extending the lease
    // moves due_at; it never shortens one.
    public Task<bool> ExtendAsync(string owner, string deliveryId, DateTimeOffset until, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            """
            UPDATE deliveries SET due_at = CASE WHEN due_at < @until THEN @until ELSE due_at END
            WHERE id = @deliveryId AND lease_owner = @owner AND status = 'sending'
            """,
            new { owner, deliveryId, until = until.ToMs() }, t).ConfigureAwait(false) == 1, ct);
}
