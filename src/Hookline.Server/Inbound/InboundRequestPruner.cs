using Hookline.Core.Inbound;
using Hookline.Core.Storage;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Inbound;

/// <summary>Deletes sources' recent requests older than <see cref="InboundOptions.RequestRetention"/>, in small batches, once a minute.</summary>
public sealed class InboundRequestPruner(IHooklineStore store, TimeProvider clock, IOptions<InboundOptions> options, ILogger<InboundRequestPruner> logger)
    : BackgroundService
{
    public const int Batch = 500;
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (StoreUnavailableException e)
            {
                logger.LogWarning("pruning inbound requests skipped: {Reason}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.Value.RequestRetention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.InboundEvents.PruneRequestsAsync(before, Batch, ct);
            total += deleted;
        }
        while (deleted == Batch && !ct.IsCancellationRequested);
        return total;
    }
}
