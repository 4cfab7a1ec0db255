using Hookline.Core.Monitoring;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages;

public sealed class DashboardModel(IHooklineStore store, DashboardQueries dashboard) : AdminPage(store)
{
    public override string Title => "Dashboard";

    public DashboardView? View { get; private set; }

    public string BucketName => View!.Window.Bucket.TotalHours >= 1 ? $"{View.Window.Bucket.TotalHours:0} h" : $"{View.Window.Bucket.TotalMinutes:0} min";

    public async Task<IActionResult> OnGetAsync(string? range)
    {
        if (!await LoadAppAsync(required: false))
        {
            return Page();
        }
        View = await dashboard.ReadAsync(CurrentApp?.Id ?? Caller.AppId, MonitoringWindow.Parse(range), HttpContext.RequestAborted);
        return Page();
    }
}
