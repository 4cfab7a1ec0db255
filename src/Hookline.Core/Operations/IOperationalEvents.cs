namespace Hookline.Core.Operations;

/// <summary>
/// Where the API and the delivery engine report what happened to endpoints and deliveries.
/// <see cref="Emit"/> must return at once and never throw: it is called on the delivery path,
/// which an operator's alerting must never slow down or break.
/// </summary>
public interface IOperationalEvents
{
    /// <summary>False when events go nowhere, so callers can skip the work of building them.</summary>
    bool Enabled { get; }

    void Emit(OperationalEvent operationalEvent);
}

/// <summary>The default: operational events are off.</summary>
public sealed class NoOperationalEvents : IOperationalEvents
{
    public static readonly NoOperationalEvents Instance = new();

    private NoOperationalEvents()
    {
    }

    public bool Enabled => false;

    public void Emit(OperationalEvent operationalEvent)
    {
    }
}
