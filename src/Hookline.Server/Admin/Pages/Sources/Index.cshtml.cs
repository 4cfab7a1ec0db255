using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Server.Api;

namespace Hookline.Server.Admin.Pages.Sources;

public sealed class SourcesModel(IHooklineStore store, InboundBaseUrl baseUrl) : AdminPage(store)
{
    public override string Title => "Sources";

    public IReadOnlyList<Source> Sources { get; private set; } = [];

    public string? Next { get; private set; }

    public string IngestUrl(Source s) => SourceResponse.UrlFor(baseUrl.For(HttpContext), s.Id);

    public async Task OnGetAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var page = await Store.Sources.ListAsync(CurrentApp!.Id, new PageRequest(PageRequest.DefaultLimit, after), HttpContext.RequestAborted);
        Sources = page.Data;
        Next = page.Done ? null : Link("/admin/sources", ("after", page.Iterator));
    }
}
