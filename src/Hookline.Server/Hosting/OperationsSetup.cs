using Hookline.Core.Retention;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Hookline.Server.Audit;
using Hookline.Server.Background;
using Hookline.Server.Telemetry;

namespace Hookline.Server.Hosting;

/// <summary>Metrics and traces, analytics, alert rules, exports, the audit log and retention.</summary>
public static class OperationsSetup
{
    public static IServiceCollection AddHooklineOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHooklineTelemetry(configuration);
        services.AddAnalyticsOptions(configuration);
        services.AddOptions<RetentionOptions>().Configure(options => RetentionSettings.Apply(options, configuration));
        services.AddSingleton<IRetentionTask>(sp => new InboundRequestsRetention(sp.GetRequiredService<IHooklineStore>()));
        if (configuration.GetValue("Hookline:Retention:Enabled", true))
        {
            services.AddHostedService<RetentionHost>();
        }
        services.AddSingleton<AlertEvaluatorHost>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluatorHost>());
        return services;
    }

    /// <summary>The audit log's middleware: after authentication and idempotency, so a replayed answer is not a second change.</summary>
    public static WebApplication UseHooklineAudit(this WebApplication app)
    {
        app.UseMiddleware<AuditMiddleware>();
        app.MapHooklineMetrics();
        return app;
    }

    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder api) =>
        api.MapAnalyticsApi()
            .MapAlertRulesApi()
            .MapExportsApi()
            .MapAuditLogApi();
}
