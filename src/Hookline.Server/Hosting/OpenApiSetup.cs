using Hookline.Server.Inbound;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Hookline.Server.Hosting;

public static class OpenApiSetup
{
    public static IServiceCollection AddHooklineOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddInboundOpenApi();
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Hookline API",
                    Version = "v1",
                    Description = "Publish events, manage apps and endpoints, and inspect and replay deliveries. Authenticate with 'Authorization: Bearer <api key>'.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An admin key or an app-scoped key",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });

    public static WebApplication UseHooklineOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Hookline API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
