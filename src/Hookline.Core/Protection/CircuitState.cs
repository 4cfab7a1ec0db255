namespace Hookline.Core.Protection;

public enum CircuitState
{
    /// <summary>Deliveries flow; outcomes are counted.</summary>
    Closed,
    /// <summary>Deliveries wait until the break ends.</summary>
    Open,
    /// <summary>The break is over; one probe delivery decides whether to close or open again.</summary>
    HalfOpen,
}
