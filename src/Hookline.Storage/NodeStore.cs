using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class NodeStore(Db db) : INodeStore
{
    public Task<bool> BeatAsync(string nodeId, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var at = now.ToMs();
            if (await c.ExecuteAsync("UPDATE nodes SET heartbeat_at = @at WHERE node_id = @nodeId", new { nodeId, at }, t).ConfigureAwait(false) == 1)
            {
                return true;
            }
            await c.ExecuteAsync(
                "INSERT INTO nodes (node_id, started_at, heartbeat_at) VALUES (@nodeId, @at, @at) ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
                new { nodeId, at }, t).ConfigureAwait(false);
            return false;
        }, ct);

    public Task<NodeTakeover> TakeOverDeadAsync(DateTimeOffset deadBefore, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var dead = (await c.QueryAsync<string>(
                "SELECT node_id FROM nodes WHERE heartbeat_at < @deadBefore", new { deadBefore = deadBefore.ToMs() }, t).ConfigureAwait(false)).ToList();
            if (dead.Count == 0)
            {
                return NodeTakeover.None;
            }
            var parameters = new DynamicParameters(new { now = now.ToMs() });
            var owners = SqlList.In(parameters, "n", dead);
            // The same release as a node's own at shutdown; a late completion from the dead node is
            // then dropped by the lease-owner guard, and its request counts as sent once more.
            var released = await c.ExecuteAsync(
                $"""
                UPDATE deliveries SET status = CASE WHEN attempt_count > 0 THEN {StatusSql.Failed} ELSE {StatusSql.Pending} END,
                       lease_owner = NULL, due_at = @now, updated_at = @now
                WHERE lease_owner IN {owners} AND status = {StatusSql.Sending}
                """, parameters, t).ConfigureAwait(false);
            await c.ExecuteAsync($"DELETE FROM endpoint_leases WHERE owner IN {owners}", parameters, t).ConfigureAwait(false);
            await c.ExecuteAsync($"DELETE FROM nodes WHERE node_id IN {owners}", parameters, t).ConfigureAwait(false);
            return new NodeTakeover(dead, released);
        }, ct);

    public Task RemoveAsync(string nodeId, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync("DELETE FROM nodes WHERE node_id = @nodeId", new { nodeId }, t), ct);

    public Task<IReadOnlyList<NodeInfo>> ListAsync(CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<NodeInfo>>(async c => (await c.QueryAsync<(string NodeId, long StartedAt, long HeartbeatAt)>(
            "SELECT node_id, started_at, heartbeat_at FROM nodes ORDER BY node_id").ConfigureAwait(false))
            .Select(r => new NodeInfo(r.NodeId, Time.FromMs(r.StartedAt), Time.FromMs(r.HeartbeatAt))).ToList(), ct);
}
