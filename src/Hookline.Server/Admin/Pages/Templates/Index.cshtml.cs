using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Templates;

namespace Hookline.Server.Admin.Pages.Templates;

public sealed class TemplatesModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Templates";

    public IReadOnlyList<Template> Templates { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task OnGetAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var page = await Store.Templates.ListAsync(CurrentApp!.Id, new PageRequest(PageRequest.DefaultLimit, after), HttpContext.RequestAborted);
        Templates = page.Data;
        Next = page.Done ? null : Link("/admin/templates", ("after", page.Iterator));
    }
}
