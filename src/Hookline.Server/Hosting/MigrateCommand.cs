using Hookline.Core.Storage;
using Hookline.Storage;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary><c>migrate</c>: brings the configured store's schema up to date and exits, so a deployment can migrate once before starting its nodes.</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHookline();
        await using var app = builder.Build();
        HooklineOptions options;
        IHooklineStore store;
        try
        {
            options = app.Services.GetRequiredService<IOptions<HooklineOptions>>().Value;
            store = app.Services.GetRequiredService<IHooklineStore>();
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("migrate: the settings are not valid: " + e.Message);
            return 1;
        }
        try
        {
            await store.MigrateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An operator reads this in a deploy log: the reason, not a stack trace.
            await Console.Error.WriteLineAsync($"migrate: could not migrate the {options.StorageKind.SettingName()} store: {e.Message}");
            return 1;
        }
        var version = store is RelationalStore relational ? await relational.SchemaVersionAsync() : Migrator.LatestVersion;
        Console.WriteLine($"Hookline schema ({options.StorageKind.SettingName()}) is at version {version}");
        return 0;
    }
}
