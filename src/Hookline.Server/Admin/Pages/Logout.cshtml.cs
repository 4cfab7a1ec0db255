using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages;

/// <summary>Sign-out is a POST (with the antiforgery token), so no other site can end a session; GET only asks.</summary>
public sealed class LogoutModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Sign out";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(HooklineAuth.CookieScheme);
        return Redirect("/admin/login");
    }
}
