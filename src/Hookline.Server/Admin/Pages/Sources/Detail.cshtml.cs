using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Sources;

public sealed class SourceDetailModel(IHooklineStore store, SourceService sources, InboundBaseUrl baseUrl) : AdminPage(store)
{
    public override string Title => "Source";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public Source? Source { get; private set; }

    public IReadOnlyDictionary<string, long> Counters { get; private set; } = new Dictionary<string, long>();

    public IReadOnlyList<InboundRequestRecord> Requests { get; private set; } = [];

    public string? Next { get; private set; }

    public string? NewSecret { get; private set; }

    public string IngestUrl => SourceResponse.UrlFor(baseUrl.For(HttpContext), Id);

    public async Task OnGetAsync(string? after) => await LoadAsync(after);

    public async Task<IActionResult> OnPostRotateAsync(string? confirm)
    {
        if (!await LoadAsync(null))
        {
            return Page();
        }
        if (confirm != "yes")
        {
            ModelState.AddModelError("confirm", "tick the box to confirm");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        try
        {
            NewSecret = await sources.RotateSecretAsync(Source!, null, null, HttpContext.RequestAborted);
        }
        catch (ValidationException problem)
        {
            AddErrors(problem.Errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return false;
        }
        var ct = HttpContext.RequestAborted;
        Source = await Store.Sources.GetAsync(CurrentApp!.Id, Id, ct);
        if (Source is null)
        {
            return NotFoundState($"source '{Id}' does not exist");
        }
        Counters = await Store.InboundEvents.CountersAsync(Source.Id, ct);
        var page = await Store.InboundEvents.ListRequestsAsync(Source.Id, new PageRequest(PageRequest.DefaultLimit, after), ct);
        Requests = page.Data;
        Next = page.Done ? null : Link("/admin/sources/" + Source.Id, ("after", page.Iterator));
        return true;
    }
}
