namespace Hookline.Server.Tests.Support;

/// <summary>How a test class gets its server, so one test class runs against every store.</summary>
public interface IHostStarter
{
    Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null);
}

public sealed class SqliteHosts : IHostStarter
{
    public static readonly SqliteHosts Instance = new();

    public Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null) => TestHost.StartAsync(settings);
}
