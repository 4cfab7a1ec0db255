using Hookline.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hookline.Server.Telemetry;

/// <summary>
/// OpenTelemetry for Hookline's meter and spans: Prometheus text at <c>/metrics</c> always; OTLP
/// export of metrics and traces when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Tags each instrument keeps when <c>Hookline:Metrics:IdLabels</c> is off (the default).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> BoundedTags = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["hookline.messages.published"] = [],
        ["hookline.deliveries.created"] = [],
        ["hookline.attempts"] = ["outcome", "error_class"],
        ["hookline.attempt.duration"] = ["outcome"],
        ["hookline.inbound.requests"] = ["outcome"],
    };

    public static IServiceCollection AddHooklineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var idLabels = configuration.GetValue("Hookline:Metrics:IdLabels", false);
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracing = otlp || configuration.GetValue("Hookline:Tracing", false);
        var otel = services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(HooklineMetrics.MeterName);
            if (!idLabels)
            {
                foreach (var (instrument, tags) in BoundedTags)
                {
                    metrics.AddView(instrument, new MetricStreamConfiguration { TagKeys = tags });
                }
            }
            metrics.AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (tracing)
        {
            otel.WithTracing(traces =>
            {
                traces.AddSource(HooklineTracing.SourceName);
                // ASP.NET Core's own request spans: they carry a caller's traceparent, so a publish (and every
                // attempt after it) joins the caller's trace instead of starting one of its own.
                traces.AddSource("Microsoft.AspNetCore");
                if (otlp)
                {
                    traces.AddOtlpExporter();
                }
            });
        }
        services.AddSingleton<QueueDepthSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueDepthSampler>());
        return services;
    }

    public static WebApplication MapHooklineMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
