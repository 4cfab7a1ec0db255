using System.Net.Http.Headers;
using Hookline.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hookline.Testing.Hosting;

/// <summary>A real Hookline server on a free loopback port with its own data directory.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string AdminKey = "hk_test_admin_key_for_the_suite_only";

    private readonly Func<Task>? _afterStop;

    private TestHost(WebApplication app, string dataDirectory, Uri baseAddress, Func<Task>? afterStop)
    {
        _afterStop = afterStop;
        App = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Admin = Client(AdminKey);
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Admin { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="afterStop">Runs once the server has stopped, e.g. to drop the database it used.</param>
    /// <param name="configure">Further changes to the server's builder, e.g. a log provider to read what it logs, or
    /// services registered before Hookline's own (a store of the test's making).</param>
    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Func<Task>? afterStop = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hookline-test-" + Guid.NewGuid().ToString("N"));
        var config = new Dictionary<string, string?>
        {
            ["Hookline:DataDirectory"] = dataDirectory,
            ["Hookline:AdminApiKey"] = AdminKey,
            ["Hookline:AllowPrivateTargets"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        var app = await HooklineApp.CreateAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, dataDirectory, new Uri(address), afterStop);
    }

    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_afterStop is not null)
        {
            await _afterStop();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS temp cleaner.
        }
    }
}
