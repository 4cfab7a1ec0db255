using System.Globalization;
using Hookline.Core.Deliveries;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Messages;

/// <summary>Message search: by id (opens it), event type and time; with a status, the matching deliveries instead.</summary>
public sealed class MessagesModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Messages";

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "event_type")]
    public string? EventType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Until { get; set; }

    public IReadOnlyList<Message> Messages { get; private set; } = [];

    public IReadOnlyList<Delivery>? Deliveries { get; private set; }

    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        if (!string.IsNullOrWhiteSpace(Id))
        {
            var found = await Store.Messages.GetAsync(CurrentApp!.Id, Id.Trim(), ct);
            if (found is not null)
            {
                return Redirect(Link("/admin/messages/" + found.Id));
            }
            ModelState.AddModelError("id", $"No message with id '{Id.Trim()}' in this app.");
        }
        var since = Time("since", Since);
        var until = Time("until", Until);
        var eventType = string.IsNullOrWhiteSpace(EventType) ? null : EventType.Trim();
        var request = new PageRequest(PageRequest.DefaultLimit, after);
        string? iterator;
        bool done;
        if (!string.IsNullOrEmpty(Status))
        {
            if (!DeliveryStatusNames.TryParse(Status, out var status))
            {
                ModelState.AddModelError("status", "Status is one of pending, sending, succeeded, failed, dead, skipped.");
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }
            var page = await Store.Deliveries.ListAsync(CurrentApp!.Id, new DeliveryQuery(status, EventType: eventType, Since: since, Until: until), request, ct);
            Deliveries = page.Data;
            (iterator, done) = (page.Iterator, page.Done);
        }
        else
        {
            var page = await Store.Messages.ListAsync(CurrentApp!.Id, new MessageQuery(eventType, since, until), request, ct);
            Messages = page.Data;
            (iterator, done) = (page.Iterator, page.Done);
        }
        Next = done ? null : Link("/admin/messages", ("event_type", eventType), ("status", Status), ("since", Since), ("until", Until), ("after", iterator));
        return Page();
    }

    private DateTimeOffset? Time(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }
        ModelState.AddModelError(field, $"'{value}' is not a date and time.");
        return null;
    }
}
