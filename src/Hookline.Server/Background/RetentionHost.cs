using Hookline.Core.Retention;
using Hookline.Core.Storage;
using Hookline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Background;

/// <summary>Runs the retention job every <see cref="RetentionOptions.Interval"/> on whichever node holds its lease.</summary>
public sealed class RetentionHost(IHooklineStore store, IOptions<RetentionOptions> retention, IOptions<HooklineOptions> hookline, TimeProvider clock,
    IEnumerable<IRetentionTask> extraTasks, IConfiguration configuration, ILogger<RetentionHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = retention.Value;
        if (RetentionSettings.UsesDeprecatedAlias(configuration))
        {
            logger.LogWarning("{Old} is deprecated; set {New} instead (the old key still applies while the new one is not set)",
                RetentionSettings.DeprecatedInboundRequestsKey, RetentionSettings.InboundRequestsKey);
        }
        var job = new RetentionJob(store, options, clock, extraTasks);
        var node = DeliveryEngineHost.ResolveNodeId(hookline.Value);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await job.RunOnceAsync(node, stoppingToken) is { } pruned && pruned.Values.Any(v => v > 0))
                {
                    logger.LogInformation("Retention pruned {Pruned}", string.Join(", ", pruned.Select(p => $"{p.Value} {p.Key}")));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The retention run failed; it runs again in {Interval}", options.Interval);
            }
            try
            {
                await Task.Delay(options.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
