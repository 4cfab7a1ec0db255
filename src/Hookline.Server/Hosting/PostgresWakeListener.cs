using Hookline.Storage.Postgres;

namespace Hookline.Server.Hosting;

/// <summary>
/// Wakes this node's delivery engine when another node announces due work, over one dedicated
/// connection. When the database goes away it reconnects with a growing pause, and wakes the engine
/// on every reconnect because announcements made meanwhile are lost.
/// </summary>
public sealed class PostgresWakeListener(PostgresDueChannel channel, DeliverySignal signal, TimeProvider clock, ILogger<PostgresWakeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private int _connects;

    /// <summary>How many times LISTEN has been put in place (tests use it to see a reconnect).</summary>
    public int Connects => Volatile.Read(ref _connects);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await channel.ListenAsync(signal.WakeLocal, () =>
                {
                    backoff = FirstBackoff;
                    Interlocked.Increment(ref _connects);
                }, Heartbeat, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Listening for due deliveries from other nodes stopped ({Error}); reconnecting in {Delay}", e.Message, backoff);
                try
                {
                    await Task.Delay(backoff, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
