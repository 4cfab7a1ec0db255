using Hookline.Core.Apps;
using Hookline.Core.Ids;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages;

public sealed class AppsModel(IHooklineStore store, TimeProvider clock) : AdminPage(store)
{
    public override string Title => "Apps";

    public IReadOnlyList<App> Apps { get; private set; } = [];

    public string? Next { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Uid { get; set; }

    public async Task OnGetAsync(string? after) => await LoadAsync(after);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Caller.IsAdmin)
        {
            return Forbid();
        }
        var v = new Validator();
        v.Check(Name is { Length: > 0 and <= Fields.MaxNameLength }, "name", $"is required, 1–{Fields.MaxNameLength} characters");
        var uid = string.IsNullOrWhiteSpace(Uid) ? null : Uid.Trim();
        Fields.Uid(v, uid);
        try
        {
            v.ThrowIfInvalid();
            var now = clock.GetUtcNow();
            await Store.Apps.CreateAsync(new App { Id = IdGenerator.New(IdPrefix.App, clock), Name = Name!, Uid = uid, Metadata = new Dictionary<string, string>(), CreatedAt = now, UpdatedAt = now },
                HttpContext.RequestAborted);
        }
        catch (ValidationException problem)
        {
            AddErrors(problem.Errors);
        }
        catch (ConflictException)
        {
            ModelState.AddModelError("uid", $"an app with uid '{uid}' already exists");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(null);
            return Page();
        }
        return Back("/admin/apps", $"App {Name} created.");
    }

    private async Task LoadAsync(string? after)
    {
        if (!Caller.IsAdmin)
        {
            var own = await Store.Apps.GetAsync(Caller.AppId!, HttpContext.RequestAborted);
            Apps = own is null ? [] : [own];
            return;
        }
        var page = await Store.Apps.ListAsync(new PageRequest(PageRequest.DefaultLimit, after), HttpContext.RequestAborted);
        Apps = page.Data;
        Next = page.Done ? null : Link("/admin/apps", ("after", page.Iterator));
    }
}
