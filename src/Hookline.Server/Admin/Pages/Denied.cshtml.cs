using Hookline.Core.Storage;

namespace Hookline.Server.Admin.Pages;

public sealed class DeniedModel(IHooklineStore store) : AdminPage(store)
{
    public override string Title => "Not allowed";

    public void OnGet()
    {
    }
}
