using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hookline.Core.Engine;

/// <summary>
/// A node's liveness, beside its <see cref="DeliveryEngine"/>: every <see cref="DeliveryEngineOptions.HeartbeatInterval"/>
/// it records a heartbeat and takes over what nodes silent for <see cref="DeliveryEngineOptions.NodeTimeout"/>
/// held, so a node killed mid-send has its deliveries sent by the others within seconds instead of at
/// lease expiry. A node that finds it was declared dead (a long pause, a network split) says so and
/// registers again; its completions of work taken over are dropped by the lease-owner guard.
/// </summary>
public sealed class NodeHeartbeat(IHooklineStore store, TimeProvider clock, DeliveryEngineOptions options, Action? onTakeover = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private bool _registered;

    /// <summary>Heartbeats recorded so far (tests use it to know a beat happened).</summary>
    public long Beats { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await BeatAsync(stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(options.HeartbeatInterval, clock, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        try
        {
            await store.Nodes.RemoveAsync(options.NodeId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The others will see the heartbeat age and take over; nothing is lost by a failed goodbye.
            _logger.LogWarning(e, "Removing node {Node} from the node list failed", options.NodeId);
        }
    }

    /// <summary>One heartbeat and one look for dead nodes.</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            var known = await store.Nodes.BeatAsync(options.NodeId, now, ct).ConfigureAwait(false);
            if (!known && _registered)
            {
                _logger.LogWarning(
                    "Node {Node} was declared dead by the others (no heartbeat for {Timeout}); its claimed deliveries may be sent again by them, with the same webhook-id",
                    options.NodeId, options.NodeTimeout);
            }
            _registered = true;
            Beats++;
            var takeover = await store.Nodes.TakeOverDeadAsync(now - options.NodeTimeout, now, ct).ConfigureAwait(false);
            if (takeover.DeadNodes.Count > 0)
            {
                _logger.LogWarning("Took over from dead node(s) {Nodes}: {Count} deliveries due again", string.Join(", ", takeover.DeadNodes), takeover.Deliveries);
                if (takeover.Deliveries > 0)
                {
                    onTakeover?.Invoke();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store outage stops heartbeats everywhere alike; try again at the next beat.
            _logger.LogWarning("Heartbeat of node {Node} failed: {Reason}", options.NodeId, e.Message);
        }
    }
}
