using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin.Pages.Endpoints;

public sealed class EndpointDetailModel(IHooklineStore store, ICircuitStates circuits, EndpointService endpoints, AdminActions actions) : AdminPage(store)
{
    public const int RecentCount = 20;

    public override string Title => "Endpoint";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public Endpoint? Endpoint { get; private set; }

    public EndpointStats? Stats { get; private set; }

    public CircuitResponse Circuit { get; private set; } = new("unknown", null, null);

    public IReadOnlyList<Delivery> Recent { get; private set; } = [];

    public string? RevealedSecret { get; private set; }

    public bool Rotated { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostTestAsync(string? eventType)
    {
        if (!await LoadAsync())
        {
            return Page();
        }
        try
        {
            var sent = await actions.SendTestAsync(Endpoint!, string.IsNullOrWhiteSpace(eventType) ? null : eventType.Trim(), HttpContext.RequestAborted);
            return Back("/admin/endpoints/" + Id, $"Test event sent: message {sent.MessageId}, delivery {sent.DeliveryId}.");
        }
        catch (ValidationException problem)
        {
            AddErrors(problem.Errors);
            TempData["notice"] = "The test was not sent: " + problem.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        catch (ApiProblem problem)
        {
            TempData["notice"] = "The test was not sent: " + problem.Detail;
            Response.StatusCode = problem.Status;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRevealAsync(string? confirm)
    {
        if (!await LoadAsync())
        {
            return Page();
        }
        if (confirm != "yes")
        {
            ModelState.AddModelError("confirm", "tick the box to confirm");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        RevealedSecret = (await Store.Endpoints.GetSecretsAsync(Endpoint!.Id, HttpContext.RequestAborted))[0].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(string? confirm)
    {
        if (!await LoadAsync())
        {
            return Page();
        }
        if (confirm != "yes")
        {
            ModelState.AddModelError("confirm", "tick the box to confirm");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        RevealedSecret = (await endpoints.RotateSecretAsync(Endpoint!, null, null, HttpContext.RequestAborted)).Secret;
        Rotated = true;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return false;
        }
        Endpoint = await Store.Endpoints.GetAsync(CurrentApp!.Id, Id, HttpContext.RequestAborted);
        if (Endpoint is null)
        {
            return NotFoundState($"endpoint '{Id}' does not exist");
        }
        Stats = await Store.Deliveries.GetEndpointStatsAsync(Endpoint.Id, HttpContext.RequestAborted);
        Circuit = CircuitResponse.For(circuits, Endpoint.Id);
        Recent = (await Store.Deliveries.ListAsync(CurrentApp.Id, new DeliveryQuery(EndpointId: Endpoint.Id), new PageRequest(RecentCount), HttpContext.RequestAborted)).Data;
        return true;
    }
}
