using Hookline.Core.Ids;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Operations;
using Hookline.Storage;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary>What runs before the server listens: migrations, the admin key, and the banner.</summary>
public static class StartupTasks
{
    public static async Task InitializeAsync(WebApplication app, bool resetAdminKey)
    {
        var store = app.Services.GetRequiredService<IHooklineStore>();
        var options = app.Services.GetRequiredService<IOptions<HooklineOptions>>().Value;
        var clock = app.Services.GetRequiredService<TimeProvider>();
        await store.MigrateAsync();
        await EncryptionKeyCheck.VerifyAsync(store, app.Services.GetRequiredService<ISecretProtector>(), options, clock);
        var adminKeyLine = await EnsureAdminKeyAsync(store, options, clock, resetAdminKey);
        await OperationalEventsSetup.InitializeAsync(app.Services);
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, options, adminKeyLine));
    }

    private static async Task<string> EnsureAdminKeyAsync(IHooklineStore store, HooklineOptions options, TimeProvider clock, bool reset)
    {
        if (!string.IsNullOrWhiteSpace(options.AdminApiKey))
        {
            var hash = ApiKeys.Hash(options.AdminApiKey);
            if (await store.ApiKeys.FindByHashAsync(hash) is null)
            {
                // The configured key replaces any generated one.
                await store.ApiKeys.DeleteAdminKeysAsync();
                try
                {
                    await store.ApiKeys.CreateAsync(NewAdminKey(hash, "configured", clock));
                }
                catch (ConflictException)
                {
                    // Another node starting at the same moment stored the same key first; anything else is a real conflict.
                    if (await store.ApiKeys.FindByHashAsync(hash) is null)
                    {
                        throw;
                    }
                }
            }
            return "Admin API key: the one set in Hookline:AdminApiKey";
        }
        if (!reset && await store.ApiKeys.AnyAdminAsync())
        {
            return "Admin API key: printed on first start (stored hashed); run with --reset-admin-key for a new one";
        }
        await store.ApiKeys.DeleteAdminKeysAsync();
        var key = ApiKeys.Generate();
        await store.ApiKeys.CreateAsync(NewAdminKey(ApiKeys.Hash(key), "generated", clock));
        return $"Admin API key: {key}   (shown once; only its hash is stored)";
    }

    private static ApiKey NewAdminKey(string hash, string name, TimeProvider clock) => new()
    {
        Id = IdGenerator.New(IdPrefix.ApiKey, clock),
        Name = "admin (" + name + ")",
        AppId = null,
        KeyHash = hash,
        Hint = "admin",
        CreatedAt = clock.GetUtcNow(),
    };

    private static void PrintBanner(WebApplication app, HooklineOptions options, string adminKeyLine)
    {
        var url = app.Urls.FirstOrDefault() ?? HooklineOptions.DefaultUrl;
        Console.WriteLine($"""

            Hookline is running ({options.StorageKind.SettingName()})
              API:      {url}/api/v1
              Docs:     {url}/docs
              OpenAPI:  {url}/openapi/v1.json
              Health:   {url}/healthz
              Admin UI: {url}/admin
              {adminKeyLine}

            """);
    }
}
