using Dapper;
using Hookline.Core.Protection;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class CircuitStateStore(Db db) : ICircuitStateStore
{
    private const string Closed = "closed";
    private const string Open = "open";
    private const string HalfOpen = "half_open";

    public Task<IReadOnlyDictionary<string, StoredCircuit>> ReadAsync(IReadOnlyCollection<string> endpointIds, CancellationToken ct = default)
    {
        if (endpointIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, StoredCircuit>>(new Dictionary<string, StoredCircuit>());
        }
        return db.ReadAsync<IReadOnlyDictionary<string, StoredCircuit>>(async c =>
        {
            var parameters = new DynamicParameters();
            var ids = SqlList.In(parameters, "e", endpointIds);
            var rows = await c.QueryAsync<Row>(
                $"SELECT endpoint_id, state, opened_at, next_probe_at, break_ms, probe_owner, probe_until, failing_since FROM endpoint_circuits WHERE endpoint_id IN {ids}",
                parameters).ConfigureAwait(false);
            return rows.ToDictionary(r => r.EndpointId, r => r.ToStored(), StringComparer.Ordinal);
        }, ct);
    }

    public Task<IReadOnlyList<StoredCircuit>> ReadNotClosedAsync(CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<StoredCircuit>>(async c => (await c.QueryAsync<Row>(
            $"SELECT endpoint_id, state, opened_at, next_probe_at, break_ms, probe_owner, probe_until, failing_since FROM endpoint_circuits WHERE state <> '{Closed}'")
            .ConfigureAwait(false)).Select(r => r.ToStored()).ToList(), ct);

    public Task OpenAsync(string endpointId, DateTimeOffset openedAt, DateTimeOffset nextProbeAt, TimeSpan breakDuration, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var parameters = new { endpointId, openedAt = openedAt.ToMs(), nextProbeAt = nextProbeAt.ToMs(), breakMs = (long)breakDuration.TotalMilliseconds, now = now.ToMs() };
            await c.ExecuteAsync(
                $"""
                INSERT INTO endpoint_circuits (endpoint_id, state, opened_at, next_probe_at, break_ms, updated_at)
                VALUES (@endpointId, '{Open}', @openedAt, @nextProbeAt, @breakMs, @now)
                ON CONFLICT (endpoint_id) DO UPDATE SET state = '{Open}',
                    opened_at = COALESCE(endpoint_circuits.opened_at, excluded.opened_at),
                    next_probe_at = excluded.next_probe_at, break_ms = excluded.break_ms,
                    probe_owner = NULL, probe_until = NULL, updated_at = excluded.updated_at
                """, parameters, t).ConfigureAwait(false);
            // Hold the endpoint's waiting work, all but the probe: left due, every claim would scan past
            // it for the whole break (a large backlog behind a dead endpoint cost a steady share of a core).
            await HeldDeliveries.HoldAsync(c, t, endpointId, nextProbeAt.ToMs()).ConfigureAwait(false);
        }, ct);

    public Task<bool> TryStartProbeAsync(string endpointId, string owner, DateTimeOffset now, DateTimeOffset probeUntil, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            $"""
            UPDATE endpoint_circuits SET state = '{HalfOpen}', probe_owner = @owner, probe_until = @probeUntil, updated_at = @now
            WHERE endpoint_id = @endpointId
              AND ((state = '{Open}' AND next_probe_at <= @now) OR (state = '{HalfOpen}' AND probe_until <= @now))
            """,
            new { endpointId, owner, now = now.ToMs(), probeUntil = probeUntil.ToMs() }, t).ConfigureAwait(false) == 1, ct);

    public Task CloseAsync(string endpointId, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"""
            UPDATE endpoint_circuits SET state = '{Closed}', opened_at = NULL, next_probe_at = NULL, break_ms = NULL,
                probe_owner = NULL, probe_until = NULL, updated_at = @now
            WHERE endpoint_id = @endpointId AND state <> '{Closed}'
            """,
            new { endpointId, now = now.ToMs() }, t), ct);

    public Task<DateTimeOffset> RecordFailingAsync(string endpointId, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                $"""
                INSERT INTO endpoint_circuits (endpoint_id, state, failing_since, updated_at) VALUES (@endpointId, '{Closed}', @at, @at)
                ON CONFLICT (endpoint_id) DO UPDATE SET failing_since = COALESCE(endpoint_circuits.failing_since, excluded.failing_since),
                    updated_at = excluded.updated_at
                """,
                new { endpointId, at = at.ToMs() }, t).ConfigureAwait(false);
            var since = await c.ExecuteScalarAsync<long>(
                "SELECT failing_since FROM endpoint_circuits WHERE endpoint_id = @endpointId", new { endpointId }, t).ConfigureAwait(false);
            return Time.FromMs(since);
        }, ct);

    public Task ClearFailingAsync(string endpointId, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE endpoint_circuits SET failing_since = NULL, updated_at = @now WHERE endpoint_id = @endpointId AND failing_since IS NOT NULL",
            new { endpointId, now = now.ToMs() }, t), ct);

    public Task ForgetAsync(string endpointId, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync("DELETE FROM endpoint_circuits WHERE endpoint_id = @endpointId", new { endpointId }, t), ct);

    private sealed class Row
    {
        public string EndpointId { get; set; } = "";
        public string State { get; set; } = Closed;
        public long? OpenedAt { get; set; }
        public long? NextProbeAt { get; set; }
        public long? BreakMs { get; set; }
        public string? ProbeOwner { get; set; }
        public long? ProbeUntil { get; set; }
        public long? FailingSince { get; set; }

        public StoredCircuit ToStored() => new(
            EndpointId,
            State switch { Open => CircuitState.Open, HalfOpen => CircuitState.HalfOpen, _ => CircuitState.Closed },
            OpenedAt is { } o ? Time.FromMs(o) : null,
            NextProbeAt is { } n ? Time.FromMs(n) : null,
            BreakMs is { } b ? TimeSpan.FromMilliseconds(b) : null,
            ProbeOwner,
            ProbeUntil is { } p ? Time.FromMs(p) : null,
            FailingSince is { } f ? Time.FromMs(f) : null);
    }
}
