using System.CommandLine;
using Hookline.Client.Models;

namespace Hookline.Cli.Commands;

internal static class AppsCommand
{
    public static Command Build()
    {
        var apps = new Command("apps", "List, create, show and delete apps");

        var list = new Command("list", "List apps");
        var limit = CommonOptions.Limit();
        list.Options.Add(limit);
        list.Action(async (r, client, ct) =>
        {
            var found = await Run.TakeAsync(client.Apps.ListAsync(ct: ct), r.GetValue(limit), ct);
            Print(r, found);
            return ExitCodes.Ok;
        });

        var create = new Command("create", "Create an app");
        var name = new Argument<string>("name") { Description = "The app's name" };
        var uid = new Option<string?>("--uid") { Description = "Your own id for it" };
        create.Arguments.Add(name);
        create.Options.Add(uid);
        create.Action(async (r, client, ct) =>
        {
            var app = await client.Apps.CreateAsync(new AppCreate(r.GetValue(name)!, r.GetValue(uid)), ct);
            PrintOne(r, app);
            return ExitCodes.Ok;
        });

        var get = new Command("get", "Show an app");
        var id = CommonOptions.Id("App id or uid");
        get.Arguments.Add(id);
        get.Action(async (r, client, ct) =>
        {
            PrintOne(r, await client.Apps.GetAsync(r.GetValue(id)!, ct));
            return ExitCodes.Ok;
        });

        var delete = new Command("delete", "Delete an app and everything in it");
        var deleteId = CommonOptions.Id("App id or uid");
        delete.Arguments.Add(deleteId);
        delete.Action(async (r, client, ct) =>
        {
            await client.Apps.DeleteAsync(r.GetValue(deleteId)!, ct);
            Console.Out.WriteLine($"deleted {r.GetValue(deleteId)}");
            return ExitCodes.Ok;
        });

        apps.Subcommands.Add(list);
        apps.Subcommands.Add(create);
        apps.Subcommands.Add(get);
        apps.Subcommands.Add(delete);
        return apps;
    }

    private static void Print(ParseResult r, List<App> apps)
    {
        if (Output.WantsJson(r))
        {
            Output.Json(apps);
            return;
        }
        Output.Table(["id", "uid", "name", "created"], apps.Select(a => (IReadOnlyList<string?>)[a.Id, a.Uid, a.Name, Output.Time(a.CreatedAt)]));
    }

    private static void PrintOne(ParseResult r, App app)
    {
        if (Output.WantsJson(r))
        {
            Output.Json(app);
            return;
        }
        Output.Fields(("id", app.Id), ("uid", app.Uid), ("name", app.Name), ("created", Output.Time(app.CreatedAt)));
    }
}
