using Hookline.Core.Engine;
using Hookline.Core.Monitoring;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace Hookline.Server.Admin;

/// <summary>The admin UI at <c>/admin</c>: Razor Pages rendered on the server, its assets served from the assembly.</summary>
public static class AdminSetup
{
    public const string AntiforgeryCookie = "hookline_csrf";

    public static IServiceCollection AddHooklineAdmin(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.Add(new AdminRoutePrefix());
            o.Conventions.AuthorizeFolder("/", HooklinePolicies.App);
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Logout");
            o.Conventions.AllowAnonymousToPage("/Portal");
        }).ConfigureApplicationPartManager(AddOwnPages);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.Path = "/admin";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        services.AddSharedSessionKeys();
        services.AddSingleton<AdminActions>();
        services.AddSingleton(sp => new DashboardQueries(
            sp.GetRequiredService<IHooklineStore>().Monitoring, sp.GetRequiredService<ICircuitStates>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static WebApplication MapHooklineAdmin(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/admin/assets/{name}", (string name) => AdminAssets.Find(name) is { } asset
                ? Results.Bytes(asset.Content, asset.ContentType)
                : Results.NotFound())
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The pages are compiled into this assembly; when another assembly is the entry point (a host
    /// embedding Hookline, or a test), the framework would not look here by itself.
    /// </summary>
    private static void AddOwnPages(ApplicationPartManager manager)
    {
        var assembly = typeof(AdminSetup).Assembly;
        var factory = ApplicationPartFactory.GetApplicationPartFactory(assembly);
        foreach (var part in factory.GetApplicationParts(assembly))
        {
            if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
            {
                manager.ApplicationParts.Add(part);
            }
        }
    }

    /// <summary>Every page lives under <c>/admin</c>; pages name their route relative to it.</summary>
    private sealed class AdminRoutePrefix : IPageRouteModelConvention
    {
        public void Apply(PageRouteModel model)
        {
            foreach (var selector in model.Selectors)
            {
                var template = selector.AttributeRouteModel?.Template?.TrimStart('~', '/') ?? "";
                selector.AttributeRouteModel = new AttributeRouteModel { Template = template.Length == 0 ? "admin" : "admin/" + template };
            }
        }
    }
}
