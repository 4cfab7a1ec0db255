namespace Hookline.Core.Storage;

/// <summary>Node liveness: each delivery engine's heartbeat, and the take-over of what a silent node held.</summary>
public interface INodeStore
{
    /// <summary>
    /// Records that <paramref name="nodeId"/> is alive at <paramref name="now"/>. False when the node had
    /// no row — it is new, or the others declared it dead and took its work — and it is registered afresh.
    /// </summary>
    Task<bool> BeatAsync(string nodeId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Declares dead every node whose last heartbeat is older than <paramref name="deadBefore"/>: the
    /// deliveries it was sending are due again at <paramref name="now"/>, its endpoint holds are freed
    /// and its row is removed, in one transaction.
    /// </summary>
    Task<NodeTakeover> TakeOverDeadAsync(DateTimeOffset deadBefore, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Removes the node's row on a clean stop (its leases were given back already).</summary>
    Task RemoveAsync(string nodeId, CancellationToken ct = default);

    Task<IReadOnlyList<NodeInfo>> ListAsync(CancellationToken ct = default);
}

public sealed record NodeTakeover(IReadOnlyList<string> DeadNodes, int Deliveries)
{
    public static readonly NodeTakeover None = new([], 0);
}

public sealed record NodeInfo(string NodeId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);
