using Hookline.Core.Engine;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Server.Api;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Admin.Pages.Endpoints;

public sealed class EndpointsModel(IHooklineStore store, ICircuitStates circuits) : AdminPage(store)
{
    public override string Title => "Endpoints";

    public IReadOnlyList<Endpoint> Endpoints { get; private set; } = [];

    public string? Next { get; private set; }

    public CircuitResponse Circuit(string endpointId) => CircuitResponse.For(circuits, endpointId);

    public async Task OnGetAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return;
        }
        var page = await Store.Endpoints.ListAsync(CurrentApp!.Id, new PageRequest(PageRequest.DefaultLimit, after), HttpContext.RequestAborted);
        Endpoints = page.Data;
        Next = page.Done ? null : Link("/admin/endpoints", ("after", page.Iterator));
    }
}
