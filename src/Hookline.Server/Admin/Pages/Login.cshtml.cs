using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages;

public sealed class LoginModel(IHooklineStore store, ApiKeyAuthenticator authenticator) : AdminPage(store)
{
    public override string Title => "Sign in";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            Error = "Enter an API key.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var hash = ApiKeys.Hash(key.Trim());
        var caller = await authenticator.AuthenticateHashAsync(hash, HttpContext);
        if (caller is null)
        {
            Error = "That API key is not valid.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        // The session holds the key's id, app and hash, never the key itself.
        var principal = CallerPrincipal.For(caller, HooklineAuth.CookieScheme, [new(CallerPrincipal.KeyHashClaim, hash)]);
        await HttpContext.SignInAsync(HooklineAuth.CookieScheme, principal, new AuthenticationProperties { IsPersistent = true });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? ReturnUrl : "/admin");
    }
}
