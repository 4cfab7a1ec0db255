using Hookline.Core.Portal;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages;

/// <summary>
/// Where a portal link lands. Opening the link only shows a button; the POST spends the link, so a
/// chat app previewing the URL does not use it up.
/// </summary>
public sealed class PortalModel(IHooklineStore store, TimeProvider clock) : AdminPage(store)
{
    public override string Title => "Webhook portal";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var now = clock.GetUtcNow();
        var link = await Store.PortalLinks.ConsumeAsync(PortalTokens.Hash(Token), now, HttpContext.RequestAborted);
        if (link is null)
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        var caller = new Caller("portal:" + link.Id, link.AppId);
        var branding = new PortalBranding(link.BrandName, link.BrandLogoUrl, link.BrandColor);
        var principal = CallerPrincipal.For(caller, HooklineAuth.CookieScheme, [new(CallerPrincipal.PortalClaim, link.Id), .. branding.ToClaims()]);
        await HttpContext.SignInAsync(HooklineAuth.CookieScheme, principal,
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = now + link.SessionLength, AllowRefresh = false });
        return Redirect("/admin/endpoints");
    }
}
