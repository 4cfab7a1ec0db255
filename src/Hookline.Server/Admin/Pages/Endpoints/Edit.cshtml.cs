using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Operations;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin.Pages.Endpoints;

/// <summary>Create and edit an endpoint, through the same rules (<see cref="EndpointRules"/>) and events as the API.</summary>
public sealed class EndpointEditModel(IHooklineStore store, TimeProvider clock, EndpointTargetCheck targets, IOperationalEvents events) : AdminPage(store)
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
            if (existing is null)
            {
                saved = EndpointRules.Apply(
                    new Endpoint { Id = IdGenerator.New(IdPrefix.Endpoint, clock), AppId = CurrentApp!.Id, Url = request.Url!, CreatedAt = now, UpdatedAt = now },
                    request, present.Contains, now);
                await Store.Endpoints.CreateAsync(saved, new EndpointSecret(request.Secret ?? SecretFormat.Generate(), now, null), HttpContext.RequestAborted);
                events.Emit(OperationalEvent.EndpointCreated(saved));
            }
            else
            {
                saved = EndpointRules.Apply(existing, request, present.Contains, now);
                await Store.Endpoints.UpdateAsync(saved, now, HttpContext.RequestAborted);
                events.Emit(OperationalEvent.EndpointUpdated(saved));
                if (saved.Disabled && !existing.Disabled)
                {
                    events.Emit(OperationalEvent.EndpointDisabled(saved, saved.DisabledReason ?? "disabled in the admin UI", DisableCauses.Api, now));
                }
            }
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
