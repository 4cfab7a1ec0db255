using Hookline.Core.Endpoints;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin.Pages.Endpoints;

/// <summary>Create and edit an endpoint: the API's request rules (<see cref="EndpointRules"/>), then the one <see cref="EndpointService"/>.</summary>
public sealed class EndpointEditModel(IHooklineStore store, TimeProvider clock, EndpointTargetCheck targets, EndpointService endpoints) : AdminPage(store)
{
    public override string Title => Creating ? "New endpoint" : "Edit endpoint";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public EndpointForm Form { get; set; } = new();

    public bool Creating => Id is null;

    public async Task OnGetAsync()
    {
        if (await LoadAppAsync(required: true) && await LoadEndpointAsync() is { } existing)
        {
            Form = EndpointForm.From(existing);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        var existing = Creating ? null : await LoadEndpointAsync();
        if (!Creating && existing is null)
        {
            return Page();
        }
        var v = new Validator();
        var (request, present) = Form.ToRequest(Creating, v);
        var now = clock.GetUtcNow();
        Endpoint saved;
        try
        {
            v.ThrowIfInvalid();
            EndpointRules.Validate(request, present.Contains, creating: Creating, targets.Check);
            saved = existing is null
                ? (await endpoints.CreateAsync(EndpointRules.Apply(endpoints.NewDraft(CurrentApp!.Id, request.Url!), request, present.Contains, now),
                    request.Secret, HttpContext.RequestAborted)).Endpoint
                : await endpoints.UpdateAsync(existing, EndpointRules.Apply(existing, request, present.Contains, now), "the admin UI", HttpContext.RequestAborted);
        }
        catch (ValidationException problem)
        {
            AddErrors(problem.Errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return Back("/admin/endpoints/" + saved.Id, Creating ? "Endpoint created." : "Endpoint saved.");
    }

    private async Task<Endpoint?> LoadEndpointAsync()
    {
        if (Id is null)
        {
            return null;
        }
        var found = await Store.Endpoints.GetAsync(CurrentApp!.Id, Id, HttpContext.RequestAborted);
        if (found is null)
        {
            NotFoundState($"endpoint '{Id}' does not exist");
        }
        return found;
    }
}
