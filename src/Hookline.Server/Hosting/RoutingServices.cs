using Hookline.Core.Routing;
using Hookline.Core.Schemas;
using Hookline.Core.Templates;

namespace Hookline.Server.Hosting;

/// <summary>Filters, templates and event-type schemas: one instance of each cache per process.</summary>
public static class RoutingServices
{
    public static IServiceCollection AddHooklineRouting(this IServiceCollection services)
    {
        services.AddSingleton(TemplateLimits.Default);
        services.AddSingleton(sp => new TemplateEngine(sp.GetRequiredService<TemplateLimits>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TransformationRenderer>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<FilterCache>();
        services.AddSingleton<EventSchemaCompiler>();
        return services;
    }
}
