using Hookline.Core.Apps;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hookline.Server.Admin;

/// <summary>
/// What every admin page shares: the caller, the app the page is about (<c>?app=</c>, fixed for an
/// app-scoped session) resolved with the API's own scope rule, and a 404 state for what is out of scope.
/// </summary>
public abstract class AdminPage(IHooklineStore store) : PageModel
{
    protected IHooklineStore Store => store;

    [BindProperty(SupportsGet = true, Name = "app")]
    public string? AppParam { get; set; }

    public App? CurrentApp { get; private set; }

    /// <summary>How links and forms name the current app.</summary>
    public string? AppKey => CurrentApp is null ? null : CurrentApp.Uid ?? CurrentApp.Id;

    /// <summary>Set when the page's subject does not exist or is outside the caller's scope: the page shows a 404.</summary>
    public string? Missing { get; private set; }

    /// <summary>Apps to pick from, when a page needs an app and none was chosen.</summary>
    public IReadOnlyList<App> AppChoices { get; private set; } = [];

    public Caller Caller => HttpContext.Caller();

    public PortalBranding? Branding => PortalBranding.Read(User);

    public abstract string Title { get; }

    /// <summary>A link to an admin path keeping the current app.</summary>
    public string Link(string path, params (string Key, string? Value)[] query)
    {
        var pairs = new List<(string, string?)>();
        if (CurrentApp is not null)
        {
            pairs.Add(("app", CurrentApp.Uid ?? CurrentApp.Id));
        }
        pairs.AddRange(query);
        var qs = string.Join("&", pairs.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2!)}"));
        return qs.Length == 0 ? path : path + "?" + qs;
    }

    /// <summary>
    /// Resolves <c>?app=</c>. Returns false when the page can't go on: the app is missing or another
    /// tenant's (404, told exactly like a missing one), or <paramref name="required"/> and none was chosen (a picker is shown).
    /// </summary>
    protected async Task<bool> LoadAppAsync(bool required)
    {
        var wanted = string.IsNullOrEmpty(AppParam) ? Caller.AppId : AppParam;
        if (wanted is null)
        {
            if (required)
            {
                AppChoices = (await store.Apps.ListAsync(new Core.Paging.PageRequest(Core.Paging.PageRequest.MaxLimit), HttpContext.RequestAborted)).Data;
            }
            return !required;
        }
        try
        {
            CurrentApp = await AppScope.ResolveAsync(HttpContext, wanted);
            return true;
        }
        catch (ApiProblem p) when (p.Status == 404)
        {
            return NotFoundState(p.Detail);
        }
    }

    protected bool NotFoundState(string detail)
    {
        Missing = detail;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return false;
    }

    /// <summary>Field errors from the Core rules, shown beside the fields they name.</summary>
    protected void AddErrors(IDictionary<string, string[]>? errors)
    {
        foreach (var (field, messages) in errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
    }

    public IEnumerable<string> ErrorsFor(string field) =>
        ModelState.TryGetValue(field, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    protected IActionResult Back(string path, string notice, params (string Key, string? Value)[] query)
    {
        TempData["notice"] = notice;
        return Redirect(Link(path, query));
    }
}
