namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task DataProtectionKeys_AreListedOldestFirst_AndAKeyStoredTwiceKeepsTheFirst()
    {
        (await Store.DataProtectionKeys.ListAsync()).ShouldBeEmpty();

        await Store.DataProtectionKeys.AddAsync("key-b", "<key id=\"b\"/>", Now);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.DataProtectionKeys.AddAsync("key-a", "<key id=\"a\"/>", Now);
        await Store.DataProtectionKeys.AddAsync("key-b", "<key id=\"b\" changed=\"yes\"/>", Now);

        (await Store.DataProtectionKeys.ListAsync()).ShouldBe(["<key id=\"b\"/>", "<key id=\"a\"/>"]);
    }
}
