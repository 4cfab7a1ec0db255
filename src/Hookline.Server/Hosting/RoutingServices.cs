using Hookline.Core.Content;
using Hookline.Core.Publishing;
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
        // The publisher's and the engine's hooks; registered before AddPublishing, which only fills the gaps.
        services.AddSingleton<IDeliveryFilter, PayloadFilter>();
        services.AddSingleton<SchemaPayloadValidator>();
        services.AddSingleton<IPayloadValidator>(sp => sp.GetRequiredService<SchemaPayloadValidator>());
        services.AddSingleton<ITransformationRenderer>(sp => sp.GetRequiredService<TransformationRenderer>());
        return services;
    }
}
