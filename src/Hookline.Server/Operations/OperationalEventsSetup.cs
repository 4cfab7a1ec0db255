using Hookline.Core.EventTypes;
using Hookline.Core.Operations;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Operations;

/// <summary>Wiring of operational events: services, and the event types they publish.</summary>
public static class OperationalEventsSetup
{
    /// <summary>
    /// Registers <see cref="IOperationalEvents"/>: the no-op when <c>Hookline:OperationsApp</c> is unset,
    /// otherwise a queue drained into that app. Call before the delivery engine's host is added: hosted
    /// services stop in reverse order, so the queue then outlives the engine and takes its last reports.
    /// </summary>
    public static IServiceCollection AddOperationalEvents(this IServiceCollection services, HooklineOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OperationsApp))
        {
            services.AddSingleton<IOperationalEvents>(NoOperationalEvents.Instance);
            return services;
        }
        var appIdOrUid = options.OperationsApp.Trim();
        services.AddSingleton(sp => new OperationsAppPublisher(sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IMessagePublisher>(), appIdOrUid, sp.GetRequiredService<ILogger<OperationsAppPublisher>>()));
        services.AddSingleton(sp => new OperationalEventQueue(sp.GetRequiredService<OperationsAppPublisher>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OperationalEventQueue>>()));
        services.AddSingleton<IOperationalEvents>(sp => sp.GetRequiredService<OperationalEventQueue>());
        services.AddHostedService<OperationalEventsHost>();
        return services;
    }

    /// <summary>
    /// At start, with operational events on: creates their event types where missing, and says clearly
    /// when the operations app does not exist. That is a warning, not a failed start: on a first start
    /// the app can only be created through this very server.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services)
    {
        if (services.GetService<OperationsAppPublisher>() is not { } publisher)
        {
            return;
        }
        var store = services.GetRequiredService<IHooklineStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var (name, description) in OperationalEventTypes.All)
        {
            if (await store.EventTypes.GetAsync(name) is not null)
            {
                continue;
            }
            var now = clock.GetUtcNow();
            try
            {
                await store.EventTypes.CreateAsync(new EventType { Name = name, Description = description, CreatedAt = now, UpdatedAt = now });
            }
            catch (ConflictException)
            {
                // Another node starting at the same time created it.
            }
        }
        if (await publisher.ResolveAsync(CancellationToken.None) is { } app)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperationalEventsSetup))
                .LogInformation("Operational events are published into app {App} ({Name})", app.Id, app.Name);
        }
    }
}
