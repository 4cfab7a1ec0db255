using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Events;

/// <summary>The normalized events an app's sources made, newest first, with the API's filters.</summary>
public sealed class EventsModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Events";

    [BindProperty(SupportsGet = true, Name = "customer_id")]
    public string? CustomerId { get; set; }

    [BindProperty(SupportsGet = true, Name = "event_type")]
    public string? EventType { get; set; }

    [BindProperty(SupportsGet = true, Name = "source_id")]
    public string? SourceId { get; set; }

    public IReadOnlyList<InboundEvent> Events { get; private set; } = [];

    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public string? Next { get; private set; }

    public string SourceName(string id) => Sources.FirstOrDefault(s => s.Id == id)?.Name ?? id;

    public async Task OnGetAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var ct = HttpContext.RequestAborted;
        Sources = (await Store.Sources.ListAsync(CurrentApp!.Id, new PageRequest(PageRequest.MaxLimit), ct)).Data;
        var query = new InboundEventQuery(Empty(CustomerId), Empty(EventType), Empty(SourceId));
        var page = await Store.InboundEvents.ListAsync(CurrentApp.Id, query, new PageRequest(PageRequest.DefaultLimit, after), ct);
        Events = page.Data;
        Next = page.Done ? null : Link("/admin/events", ("customer_id", query.CustomerId), ("event_type", query.EventType), ("source_id", query.SourceId), ("after", page.Iterator));
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
