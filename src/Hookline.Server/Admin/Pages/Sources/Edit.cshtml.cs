using Hookline.Core.Inbound;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Sources;

/// <summary>Create and edit a source through the one <see cref="SourceService"/> the API uses.</summary>
public sealed class SourceEditModel(IHooklineStore store, SourceService sources, InboundBaseUrl baseUrl) : AdminPage(store)
{
    public override string Title => Creating ? "New source" : "Edit source";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public SourceForm Form { get; set; } = new();

    public bool Creating => Id is null;

    /// <summary>Set after a save that made a secret: the page then shows it, once.</summary>
    public Source? Saved { get; private set; }

    public string? NewSecret { get; private set; }

    public string IngestUrl(Source s) => SourceResponse.UrlFor(baseUrl.For(HttpContext), s.Id);

    public async Task OnGetAsync()
    {
        if (await LoadAppAsync(required: true) && await LoadSourceAsync() is { } existing)
        {
            Form = SourceForm.From(existing);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        var existing = Creating ? null : await LoadSourceAsync();
        if (!Creating && existing is null)
        {
            return Page();
        }
        var v = new Validator();
        var input = Form.ToInput(v);
        Source saved;
        string? secret;
        try
        {
            v.ThrowIfInvalid();
            (saved, secret) = existing is null
                ? await sources.CreateAsync(CurrentApp!.Id, input, HttpContext.RequestAborted)
                : await sources.UpdateAsync(existing, input, _ => true, HttpContext.RequestAborted);
        }
        catch (ValidationException problem)
        {
            AddErrors(problem.Errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        catch (ConflictException problem)
        {
            ModelState.AddModelError("name", problem.Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (secret is not null)
        {
            // The secret is shown once, here, and never put in a redirect or cookie; the store keeps it encrypted.
            Saved = saved;
            NewSecret = secret;
            return Page();
        }
        return Back("/admin/sources/" + saved.Id, Creating ? "Source created." : "Source saved.");
    }

    private async Task<Source?> LoadSourceAsync()
    {
        if (Id is null)
        {
            return null;
        }
        var found = await Store.Sources.GetAsync(CurrentApp!.Id, Id, HttpContext.RequestAborted);
        if (found is null)
        {
            NotFoundState($"source '{Id}' does not exist");
        }
        return found;
    }
}
