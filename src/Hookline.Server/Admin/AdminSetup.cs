using Hookline.Core.Engine;
using Hookline.Core.Monitoring;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

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
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.Path = "/admin";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
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
