using Hookline.Core.Publishing;

namespace Hookline.Server.Hosting;

/// <summary>
/// The wake-up from the API to the delivery engine: new work is due now. With a database shared
/// by several nodes, <see cref="Wake"/> also tells the other nodes through <see cref="IClusterWake"/>.
/// </summary>
public sealed class DeliverySignal(IClusterWake? cluster = null) : IDeliveryWake
{
    public event Action? Woken;

    /// <summary>Work became due here: wake this node's engine and announce it to the others.</summary>
    public void Wake()
    {
        WakeLocal();
        cluster?.Announce();
    }

    /// <summary>Another node announced due work; waking only this node keeps announcements from echoing.</summary>
    public void WakeLocal() => Woken?.Invoke();
}
