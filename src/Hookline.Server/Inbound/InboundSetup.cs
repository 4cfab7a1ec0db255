using Hookline.Core.Inbound;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Inbound;

public static class InboundSetup
{
    /// <summary>Sources, the intake and the pruning of their recent requests (options: <c>Hookline:Inbound</c>).</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InboundOptions>(configuration.GetSection(InboundOptions.Section));
        services.AddSingleton<InboundBaseUrl>();
        services.AddSingleton(sp => new SourceService(sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new InboundIntake(
            sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<IMessagePublisher>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<InboundOptions>>().Value));
        services.AddHostedService<InboundRequestPruner>();
        return services;
    }

    public static WebApplication MapInbound(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapSourcesApi().MapEventsApi();
        return app.MapIntakeApi();
    }
}
