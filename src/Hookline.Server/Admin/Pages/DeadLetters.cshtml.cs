using Hookline.Core.Deliveries;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin.Pages;

public sealed class DeadLettersModel(IHooklineStore store, AdminActions actions) : AdminPage(store)
{
    public override string Title => "Dead letters";

    [BindProperty(SupportsGet = true, Name = "endpoint_id")]
    public string? EndpointId { get; set; }

    public IReadOnlyList<Delivery> Dead { get; private set; } = [];

    public IReadOnlyList<Endpoint> Endpoints { get; private set; } = [];

    public string? Next { get; private set; }

    public string EndpointUrl(string id) => Endpoints.FirstOrDefault(e => e.Id == id)?.Url ?? id;

    public async Task OnGetAsync(string? after) => await LoadAsync(after);

    public async Task<IActionResult> OnPostReplayAsync(string deliveryId)
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        var count = await actions.ReplayDeadAsync(CurrentApp!.Id, deliveryId, null, HttpContext.RequestAborted);
        return Back("/admin/dead-letters", count == 1 ? $"Delivery {deliveryId} replayed." : "That delivery is no longer dead; nothing replayed.", ("endpoint_id", EndpointId));
    }

    public async Task<IActionResult> OnPostReplayAllAsync(string? confirm)
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        if (confirm != "yes")
        {
            ModelState.AddModelError("confirm", "tick the box to confirm");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(null);
            return Page();
        }
        var endpointId = string.IsNullOrEmpty(EndpointId) ? null : EndpointId;
        if (endpointId is not null && await Store.Endpoints.GetAsync(CurrentApp!.Id, endpointId, HttpContext.RequestAborted) is null)
        {
            NotFoundState($"endpoint '{endpointId}' does not exist");
            return Page();
        }
        var count = await actions.ReplayDeadAsync(CurrentApp!.Id, null, endpointId, HttpContext.RequestAborted);
        return Back("/admin/dead-letters", $"{count} dead {(count == 1 ? "delivery" : "deliveries")} replayed.", ("endpoint_id", endpointId));
    }

    private async Task LoadAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var ct = HttpContext.RequestAborted;
        Endpoints = (await Store.Endpoints.ListAsync(CurrentApp!.Id, new PageRequest(PageRequest.MaxLimit), ct)).Data;
        var endpointId = string.IsNullOrEmpty(EndpointId) ? null : EndpointId;
        var page = await Store.Deliveries.ListAsync(CurrentApp.Id, new DeliveryQuery(DeliveryStatus.Dead, EndpointId: endpointId), new PageRequest(PageRequest.DefaultLimit, after), ct);
        Dead = page.Data;
        Next = page.Done ? null : Link("/admin/dead-letters", ("endpoint_id", endpointId), ("after", page.Iterator));
    }
}
