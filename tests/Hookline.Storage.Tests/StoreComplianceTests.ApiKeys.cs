namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task FindApiKeyByHash_ReturnsTheKey_OrNull()
    {
        var app = await NewAppAsync();
        var key = NewKey(app.Id);
        await Store.ApiKeys.CreateAsync(key);

        (await Store.ApiKeys.FindByHashAsync(key.KeyHash)).ShouldBe(key);
        (await Store.ApiKeys.FindByHashAsync(new string('0', 64))).ShouldBeNull();
    }

    [Fact]
    public async Task ListApiKeys_WithoutApp_ListsAdminKeys_WithAppListsThatAppsKeys()
    {
        var app = await NewAppAsync();
        var admin = NewKey(null, "root");
        var scoped = NewKey(app.Id);
        var foreign = NewKey((await NewAppAsync()).Id);
        foreach (var key in new[] { admin, scoped, foreign })
        {
            await Store.ApiKeys.CreateAsync(key);
        }

        var admins = await Store.ApiKeys.ListAsync(null);
        var apps = await Store.ApiKeys.ListAsync(app.Id);

        admins.ShouldHaveSingleItem().ShouldBe(admin);
        admins[0].IsAdmin.ShouldBeTrue();
        apps.ShouldHaveSingleItem().ShouldBe(scoped);
    }

    [Fact]
    public async Task DeleteApiKey_RemovesIt_AndReportsWhetherItExisted()
    {
        var key = NewKey(null);
        await Store.ApiKeys.CreateAsync(key);

        (await Store.ApiKeys.DeleteAsync(key.Id)).ShouldBeTrue();
        (await Store.ApiKeys.DeleteAsync(key.Id)).ShouldBeFalse();
        (await Store.ApiKeys.FindByHashAsync(key.KeyHash)).ShouldBeNull();
    }

    [Fact]
    public async Task AnyAdmin_IsTrueOnlyOnceAnAdminKeyExists()
    {
        var app = await NewAppAsync();
        await Store.ApiKeys.CreateAsync(NewKey(app.Id));
        (await Store.ApiKeys.AnyAdminAsync()).ShouldBeFalse();

        await Store.ApiKeys.CreateAsync(NewKey(null));

        (await Store.ApiKeys.AnyAdminAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task DeleteAdminKeys_RemovesEveryAdminKey_AndKeepsAppKeys()
    {
        var app = await NewAppAsync();
        var scoped = NewKey(app.Id);
        await Store.ApiKeys.CreateAsync(scoped);
        await Store.ApiKeys.CreateAsync(NewKey(null, "one"));
        await Store.ApiKeys.CreateAsync(NewKey(null, "two"));

        await Store.ApiKeys.DeleteAdminKeysAsync();

        (await Store.ApiKeys.AnyAdminAsync()).ShouldBeFalse();
        (await Store.ApiKeys.ListAsync(null)).ShouldBeEmpty();
        (await Store.ApiKeys.FindByHashAsync(scoped.KeyHash)).ShouldBe(scoped);
    }
}
