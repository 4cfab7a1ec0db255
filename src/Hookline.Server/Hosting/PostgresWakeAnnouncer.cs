using System.Threading.Channels;
using Hookline.Storage.Postgres;

namespace Hookline.Server.Hosting;

/// <summary>
/// Sends NOTIFY for <see cref="IClusterWake.Announce"/>, off the request path. At most one announcement
/// waits while another is being sent, and NOTIFYs are at least <see cref="MinInterval"/> apart, so a
/// steady stream of publishes costs at most a couple of hundred NOTIFYs a second (each one a round trip
/// and a commit on the shared notification queue) instead of one per group commit; each NOTIFY is sent
/// after the commits it stands for. The node that published wakes its own engine directly.
/// </summary>
public sealed class PostgresWakeAnnouncer(PostgresDueChannel channel, ILogger<PostgresWakeAnnouncer> logger) : BackgroundService, IClusterWake
{
    /// <summary>What the other nodes may wait, at most, beyond a NOTIFY's own time, to hear of new work.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(5);

    private readonly Channel<bool> _pending = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Announce() => _pending.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await channel.NotifyAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The other nodes find the work at their next poll; only latency is lost.
                    logger.LogDebug(e, "Announcing due deliveries to the other nodes failed");
                }
                // Wall-clock pacing of the connection, not a delivery time: a test's frozen clock must not stop the announcements.
                await Task.Delay(MinInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
