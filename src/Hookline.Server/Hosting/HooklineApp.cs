namespace Hookline.Server.Hosting;

/// <summary>Builds the whole server: used by <c>Program</c> and by tests that start it on a real port.</summary>
public static class HooklineApp
{
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddHookline();
        var app = builder.Build();
        app.UseHookline();
        await StartupTasks.InitializeAsync(app, resetAdminKey: args.Contains("--reset-admin-key"));
        return app;
    }
}
