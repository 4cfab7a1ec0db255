using Hookline.Core.Analytics;
using Hookline.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Storage.Tests;

/// <summary>
/// The storage contract, once for every provider: a provider's test class only says how to
/// build a freshly migrated, empty store. The role tests live in the partial files beside this one.
/// </summary>
public abstract partial class StoreComplianceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected IHooklineStore Store { get; private set; } = null!;

    protected DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A freshly migrated, empty store, owned by the test that asked for it.</summary>
    protected abstract Task<IHooklineStore> CreateCleanStoreAsync();

    /// <summary>A second store on the same database with the same key, as another node opens it (with its own analytics settings when given).</summary>
    protected abstract Task<IHooklineStore> OpenAnotherNodeAsync(AnalyticsOptions? analytics = null);

    public async Task InitializeAsync() => Store = await CreateCleanStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migrate_WhenRunAgain_IsHarmless()
    {
        await Store.MigrateAsync();

        var app = await NewAppAsync();
        (await Store.Apps.GetAsync(app.Id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Ping_OnAMigratedStore_ReturnsTrue() =>
        (await Store.PingAsync()).ShouldBeTrue();
}
