using Hookline.Storage;
using Hookline.Storage.Postgres;

namespace Hookline.Server.Hosting;

public static class ClusterWakeServices
{
    /// <summary>On PostgreSQL every node announces due work, and every node that delivers listens for it.</summary>
    public static IServiceCollection AddClusterWake(this IServiceCollection services, HooklineOptions options)
    {
        if (options.StorageKind != StorageKind.Postgres)
        {
            return services;
        }
        services.AddSingleton(_ => new PostgresDueChannel(options.ResolvedConnectionString));
        services.AddSingleton<PostgresWakeAnnouncer>();
        services.AddSingleton<IClusterWake>(sp => sp.GetRequiredService<PostgresWakeAnnouncer>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresWakeAnnouncer>());
        if (options.RunDispatcher)
        {
            services.AddSingleton<PostgresWakeListener>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresWakeListener>());
        }
        return services;
    }
}
