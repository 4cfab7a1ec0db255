using Hookline.Core.Deliveries;
using Hookline.Core.Messages;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Messages;

public sealed class MessageDetailModel(IHooklineStore store, AdminActions actions) : AdminPage(store)
{
    private readonly Dictionary<string, string> _urls = new(StringComparer.Ordinal);

    public override string Title => "Message";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public Message? Message { get; private set; }

    public IReadOnlyList<(Delivery Delivery, IReadOnlyList<Attempt> Attempts)> Deliveries { get; private set; } = [];

    public string EndpointUrl(string endpointId) => _urls.GetValueOrDefault(endpointId, endpointId);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostReplayAsync(string deliveryId)
    {
        if (!await LoadAsync())
        {
            return Page();
        }
        var count = await actions.ReplayDeadAsync(CurrentApp!.Id, deliveryId, null, HttpContext.RequestAborted);
        return Back("/admin/messages/" + Id, count == 1 ? "Delivery replayed." : "That delivery is no longer dead; nothing replayed.");
    }

    private async Task<bool> LoadAsync()
    {
        if (!await LoadAppAsync(required: true))
        {
            return false;
        }
        var ct = HttpContext.RequestAborted;
        Message = await Store.Messages.GetAsync(CurrentApp!.Id, Id, ct);
        if (Message is null)
        {
            return NotFoundState($"message '{Id}' does not exist");
        }
        var deliveries = await Store.Deliveries.ListForMessageAsync(CurrentApp.Id, Message.Id, ct);
        var list = new List<(Delivery, IReadOnlyList<Attempt>)>();
        foreach (var d in deliveries)
        {
            list.Add((d, await Store.Deliveries.ListAttemptsAsync(d.Id, ct)));
            if (!_urls.ContainsKey(d.EndpointId) && await Store.Endpoints.GetAsync(CurrentApp.Id, d.EndpointId, ct) is { } e)
            {
                _urls[d.EndpointId] = e.Url;
            }
        }
        Deliveries = list;
        return true;
    }
}
