using Hookline.Core.Inbound;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Events;

public sealed class EventDetailModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Event";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public InboundEvent? Event { get; private set; }

    public Source? Source { get; private set; }

    public async Task OnGetAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var ct = HttpContext.RequestAborted;
        Event = await Store.InboundEvents.GetAsync(CurrentApp!.Id, Id, ct);
        if (Event is null)
        {
            NotFoundState($"event '{Id}' does not exist");
            return;
        }
        Source = await Store.Sources.GetAsync(CurrentApp.Id, Event.SourceId, ct);
    }
}
