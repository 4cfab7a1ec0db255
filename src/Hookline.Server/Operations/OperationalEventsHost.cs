using Hookline.Core.Operations;

namespace Hookline.Server.Operations;

/// <summary>Drains the operational event queue into the operations app while the server runs.</summary>
public sealed class OperationalEventsHost(OperationalEventQueue queue) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => queue.RunAsync(stoppingToken);
}
