using Hookline.Core.Storage;
using Hookline.Core.Templates;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hookline.Server.Admin.Pages.Templates;

/// <summary>Write or change a template: the API's rules (<see cref="TemplateRules"/>), stored by the one <see cref="TemplateService"/>; every save is a new version.</summary>
public sealed class TemplateEditModel(IHooklineStore store, TemplateService templates) : AdminPage(store)
{
    public override string Title => Creating ? "New template" : "Edit template";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public TemplateForm Form { get; set; } = new() { BodyKind = TemplateForm.JsonBody, ContentType = TemplateContent.DefaultContentType };

    public Template? Existing { get; private set; }

    public bool Creating => Id is null;

    public async Task OnGetAsync()
    {
        if (await LoadAppAsync(required: true) && await LoadTemplateAsync() is { } existing)
        {
            Form = TemplateForm.From(existing.Name, existing.Description, existing.EventTypes, existing.Content);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        var existing = Creating ? null : await LoadTemplateAsync();
        if (!Creating && existing is null)
        {
            return Page();
        }
        var v = new Validator();
        var r = Form.ToRequest(v);
        TemplateRules.Validate(v, r, _ => true, creating: true);
        try
        {
            v.ThrowIfInvalid();
        }
        catch (ValidationException problem)
        {
            return Refused(problem.Errors, StatusCodes.Status422UnprocessableEntity);
        }
        var draft = new TemplateDraft(r.Name!, r.Description, r.EventTypes?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            TemplateContent.FromJson(r.Body!.Value, r.Headers, r.ContentType));
        Template saved;
        try
        {
            saved = existing is null
                ? await templates.CreateAsync(CurrentApp!.Id, draft, HttpContext.RequestAborted)
                : await templates.ChangeAsync(existing, draft, HttpContext.RequestAborted);
        }
        catch (TemplateSyntaxException e)
        {
            return Refused(new Dictionary<string, string[]> { [e.Field] = [e.Reason + (e.Line is null ? "" : $" (line {e.Line}, column {e.Column})")] },
                StatusCodes.Status422UnprocessableEntity);
        }
        catch (ConflictException)
        {
            return Refused(new Dictionary<string, string[]> { ["name"] = [$"the app already has a template named '{draft.Name}', or another change came first"] },
                StatusCodes.Status409Conflict);
        }
        return Back("/admin/templates/" + saved.Id, existing is null ? "Template created (version 1)." : $"Template saved as version {saved.Version}.");
    }

    private PageResult Refused(IDictionary<string, string[]> errors, int status)
    {
        AddErrors(errors);
        Response.StatusCode = status;
        return Page();
    }

    private async Task<Template?> LoadTemplateAsync()
    {
        if (Id is null)
        {
            return null;
        }
        Existing = await Store.Templates.GetAsync(CurrentApp!.Id, Id, HttpContext.RequestAborted);
        if (Existing is null)
        {
            NotFoundState($"template '{Id}' does not exist");
        }
        return Existing;
    }
}
