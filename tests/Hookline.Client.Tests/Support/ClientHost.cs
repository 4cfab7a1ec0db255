using Hookline.Client;

namespace Hookline.Client.Tests.Support;

/// <summary>A real server (see <see cref="TestHost"/>) with an SDK client logged in as admin.</summary>
public sealed class ClientHost : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public HooklineClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync();
        Client = new HooklineClient(Host.BaseAddress, TestHost.AdminKey);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
