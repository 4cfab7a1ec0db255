using System.Data.Common;
using Dapper;

namespace Hookline.Storage;

/// <summary>
/// Deliveries held by an open circuit. They keep their place in the due index but at a due time no
/// claim reaches (<see cref="HeldDueMs"/>), so a claim never reads them, a reopening rewrites none
/// of them, and only one of them — the probe — comes due at each probe time. Once the circuit
/// closes the engine makes them due again a batch at a time.
/// </summary>
internal static class HeldDeliveries
{
    /// <summary>The due time of a held delivery: 9999-12-31, past any claim's <c>now</c>.</summary>
    public const long HeldDueMs = 253_402_214_400_000;

    // The endpoint filters are written so that no index can serve them (as DeliveryQueue.OwnedBy):
    // the due index must drive these statements, reading only the rows in its range, never every
    // row the endpoint has ever had.
    private const string OfEndpoint = "COALESCE(endpoint_id, '') = @endpointId";

    /// <summary>Holds the endpoint's waiting deliveries due before <c>@nextProbeAt</c>.</summary>
    internal const string HoldSql = $"""
        UPDATE deliveries SET due_at = @held
        WHERE due_at IS NOT NULL AND due_at < @nextProbeAt AND {OfEndpoint} AND status IN ('pending', 'failed')
        """;

    /// <summary>Makes the endpoint's oldest held delivery the probe, due at <c>@nextProbeAt</c>, unless one of its deliveries already is.</summary>
    internal const string ProbeSql = $"""
        UPDATE deliveries SET due_at = @nextProbeAt
        WHERE id = (SELECT id FROM deliveries WHERE due_at = @held AND {OfEndpoint} ORDER BY due_at LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM deliveries WHERE due_at IS NOT NULL AND due_at <= @nextProbeAt AND {OfEndpoint} AND status IN ('pending', 'failed'))
        """;

    /// <summary>Holds the endpoint's waiting work but for one probe, due at <paramref name="nextProbeAt"/>.</summary>
    public static async Task HoldAsync(DbConnection c, DbTransaction t, string endpointId, long nextProbeAt)
    {
        var parameters = new { endpointId, nextProbeAt, held = HeldDueMs };
        await c.ExecuteAsync(HoldSql, parameters, t).ConfigureAwait(false);
        await c.ExecuteAsync(ProbeSql, parameters, t).ConfigureAwait(false);
    }

    /// <summary>Makes up to <paramref name="limit"/> of the endpoint's held deliveries due at <paramref name="now"/>; returns how many.</summary>
    public static Task<int> ReleaseAsync(DbConnection c, DbTransaction t, string endpointId, long now, int limit) =>
        c.ExecuteAsync(
            $"""
            UPDATE deliveries SET due_at = @now
            WHERE id IN (SELECT id FROM deliveries WHERE due_at = @held AND {OfEndpoint} ORDER BY due_at LIMIT @limit)
            """, new { endpointId, now, limit = (long)limit, held = HeldDueMs }, t);

    /// <summary>The endpoints that have held deliveries.</summary>
    public static Task<IEnumerable<string>> EndpointsAsync(DbConnection c) =>
        c.QueryAsync<string>("SELECT DISTINCT endpoint_id FROM deliveries WHERE due_at = @held", new { held = HeldDueMs });
}
