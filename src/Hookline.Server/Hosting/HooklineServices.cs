using Hookline.Core.Engine;
using Hookline.Core.Protection;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Admin;
using Hookline.Server.Api;
using Hookline.Server.Api.Auth;
using Hookline.Server.Inbound;
using Hookline.Server.Operations;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

public static class HooklineServices
{
    public static WebApplicationBuilder AddHookline(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(HooklineOptions.DefaultUrl);
        }
        var services = builder.Services;
        services.Configure<HooklineOptions>(builder.Configuration.GetSection(HooklineOptions.Section));
        var options = builder.Configuration.GetSection(HooklineOptions.Section).Get<HooklineOptions>() ?? new HooklineOptions();

        services.TryAddSingletonTimeProvider();
        services.AddSingleton<ISecretProtector>(_ =>
            AesGcmSecretProtector.FromConfiguredOrFile(options.EncryptionKey, Path.Combine(options.DataDirectory, EncryptionKeyCheck.KeyFileName)));
        // TryAdd: a host embedding Hookline (or a test) may register a store of its own first.
        services.TryAddSingleton(sp => StoreFactory.Create(
            sp.GetRequiredService<IOptions<HooklineOptions>>().Value, AnalyticsSettings.Read(sp), sp.GetRequiredService<ISecretProtector>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CredentialsGeneration>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<AppDirectory>();
        services.AddHooklineAuth(options);
        services.AddHooklineAdmin();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<Hookline.Core.Endpoints.EndpointService>();
        services.AddClusterWake(options);
        services.AddSingleton<IDnsResolver, SystemDnsResolver>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<HooklineOptions>>().Value;
            return new SsrfGuard(
                new SsrfOptions { AllowPrivateTargets = o.AllowPrivateTargets, AllowedCidrs = o.AllowedCidrs, HttpsOnly = o.HttpsOnly },
                sp.GetRequiredService<IDnsResolver>());
        });
        services.AddSingleton(sp => new EndpointTargetCheck(sp.GetRequiredService<SsrfGuard>().Validate));

        services.AddDeliveryEngineOptions(builder.Configuration);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        services.AddOperationalEvents(options);
        services.AddHooklineRouting();
        services.AddInbound(builder.Configuration);
        services.AddHooklineOperations(builder.Configuration);
        if (options.RunDispatcher)
        {
            services.AddSingleton<DeliveryEngineHost>();
            services.AddHostedService(sp => sp.GetRequiredService<DeliveryEngineHost>());
            services.AddSingleton<ICircuitStates>(sp => sp.GetRequiredService<DeliveryEngineHost>().Engine);
        }
        else
        {
            services.AddSingleton<ICircuitStates>(NoCircuitStates.Instance);
        }

        services.AddChatChannels();
        services.AddPublishing();

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = options.MaxPayloadBytes + (64 * 1024));
        services.AddHooklineOpenApi();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    public static WebApplication UseHookline(this WebApplication app)
    {
        app.UseMiddleware<ProblemMiddleware>();
        app.UseHooklineAuth();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseHooklineAudit();
        app.UseHooklineOpenApi();
        app.MapHealthApi();
        if (!app.Services.GetRequiredService<IOptions<HooklineOptions>>().Value.RunApi)
        {
            return app;
        }
        var api = app.MapGroup("/api/v1")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(HooklinePolicies.App)
            .RefuseNulText();
        api.MapAppsApi()
            .MapEventTypesApi()
            .MapEndpointsApi()
            .MapEndpointActionsApi()
            .MapMessagesApi()
            .MapDeliveriesApi()
            .MapApiKeysApi()
            .MapPortalLinksApi()
            .MapTemplatesApi()
            .MapOperationsApi();
        app.MapHooklineAdmin();
        app.MapInbound(api);
        return app;
    }
}
