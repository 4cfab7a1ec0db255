using System.Threading.Channels;
using Hookline.Storage.Postgres;

namespace Hookline.Server.Hosting;

/// <summary>
/// Sends NOTIFY for <see cref="IClusterWake.Announce"/>, off the request path. At most one announcement
/// waits while another is being sent, so a thousand publishes a second cost a handful of NOTIFYs, and each
/// NOTIFY is sent after the commits it stands for.
/// </summary>
public sealed class PostgresWakeAnnouncer(PostgresDueChannel channel, ILogger<PostgresWakeAnnouncer> logger) : BackgroundService, IClusterWake
{
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
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
