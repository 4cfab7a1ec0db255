using Hookline.Core.Portal;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    private PortalLink NewPortalLink(string appId, string token, TimeSpan expiresIn) => new()
    {
        Id = "prl_" + Guid.NewGuid().ToString("N"),
        AppId = appId,
        TokenHash = PortalTokens.Hash(token),
        BrandName = "Acme",
        BrandLogoUrl = "https://acme.example/logo.png",
        BrandColor = "#112233",
        SessionLength = TimeSpan.FromMinutes(30),
        CreatedAt = Now,
        ExpiresAt = Now + expiresIn,
    };

    [Fact]
    public async Task PortalLink_IsConsumedOnce_WithItsBranding()
    {
        var app = await NewAppAsync();
        await Store.PortalLinks.CreateAsync(NewPortalLink(app.Id, "hlp_one", TimeSpan.FromMinutes(5)));

        var used = await Store.PortalLinks.ConsumeAsync(PortalTokens.Hash("hlp_one"), Now);

        used.ShouldNotBeNull();
        used.AppId.ShouldBe(app.Id);
        used.BrandName.ShouldBe("Acme");
        used.BrandColor.ShouldBe("#112233");
        used.SessionLength.ShouldBe(TimeSpan.FromMinutes(30));
        used.UsedAt.ShouldBe(Now);
        (await Store.PortalLinks.ConsumeAsync(PortalTokens.Hash("hlp_one"), Now)).ShouldBeNull();
    }

    [Fact]
    public async Task PortalLink_PastItsExpiry_OrUnknown_IsRefused()
    {
        var app = await NewAppAsync();
        await Store.PortalLinks.CreateAsync(NewPortalLink(app.Id, "hlp_old", TimeSpan.FromMinutes(5)));

        (await Store.PortalLinks.ConsumeAsync(PortalTokens.Hash("hlp_old"), Now + TimeSpan.FromMinutes(5))).ShouldBeNull();
        (await Store.PortalLinks.ConsumeAsync(PortalTokens.Hash("hlp_never_made"), Now)).ShouldBeNull();
    }

    [Fact]
    public async Task PortalLink_UsedConcurrently_OpensOneSession()
    {
        var app = await NewAppAsync();
        await Store.PortalLinks.CreateAsync(NewPortalLink(app.Id, "hlp_race", TimeSpan.FromMinutes(5)));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.PortalLinks.ConsumeAsync(PortalTokens.Hash("hlp_race"), Now)));

        results.Count(r => r is not null).ShouldBe(1);
    }
}
