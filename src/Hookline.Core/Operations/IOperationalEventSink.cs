namespace Hookline.Core.Operations;

/// <summary>Where queued operational events finally go (the server publishes them into the operations app).</summary>
public interface IOperationalEventSink
{
    /// <summary>Publishes one event, or decides it is not to be published; throws when publishing failed.</summary>
    Task PublishAsync(OperationalEvent operationalEvent, CancellationToken ct);
}
