using Hookline.Core.Alerts;
using Hookline.Core.Operations;
using Hookline.Core.Storage;
using Hookline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Background;

/// <summary>Evaluates the alert rules every <c>Hookline:Alerts:EvaluationInterval</c> (30 s) on whichever node holds the job's lease.</summary>
public sealed class AlertEvaluatorHost(IHooklineStore store, IOperationalEvents events, IOptions<HooklineOptions> hookline, IConfiguration configuration,
    TimeProvider clock, ILogger<AlertEvaluatorHost> logger) : BackgroundService
{
    public const string JobName = "alerts";

    private readonly AlertEvaluator _evaluator = new(store, events, clock);

    public AlertEvaluator Evaluator => _evaluator;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Hookline:Alerts:EvaluationInterval", TimeSpan.FromSeconds(30));
        var node = DeliveryEngineHost.ResolveNodeId(hookline.Value);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (await store.Retention.TryLeaseJobAsync(JobName, node, now + (interval * 3), now, stoppingToken))
                {
                    await _evaluator.EvaluateAllAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Evaluating alert rules failed; trying again in {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
