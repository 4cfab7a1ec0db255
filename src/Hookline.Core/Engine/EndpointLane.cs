namespace Hookline.Core.Engine;

/// <summary>
/// One endpoint's share of the engine: its waiting deliveries and how many of them are being sent.
/// Guarded by the engine's lock.
/// </summary>
internal sealed class EndpointLane(string endpointId)
{
    public string EndpointId { get; } = endpointId;
    public Queue<LeasedWork> Waiting { get; } = new();
    public int Active { get; set; }
    public int Concurrency { get; set; } = 1;
    public int Backlog { get; set; } = 1;
    public bool Ordered { get; set; }

    /// <summary>Room for more claimed deliveries.</summary>
    public int Room => Math.Max(0, Concurrency + Backlog - Active - Waiting.Count);

    public bool IsIdle => Active == 0 && Waiting.Count == 0;
}
