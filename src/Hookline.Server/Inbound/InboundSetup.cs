using Hookline.Core.Inbound;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Inbound;

public static class InboundSetup
{
    /// <summary>Sources and the intake (options: <c>Hookline:Inbound</c>); their recent requests are pruned by the retention job.</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InboundOptions>(configuration.GetSection(InboundOptions.Section));
        services.AddSingleton<InboundBaseUrl>();
        services.AddSingleton(sp => new SourceService(sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new InboundIntake(
            sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<IMessagePublisher>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<InboundOptions>>().Value));
        return services;
    }

    public static WebApplication MapInbound(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapSourcesApi().MapEventsApi();
        return app.MapIntakeApi();
    }
}
