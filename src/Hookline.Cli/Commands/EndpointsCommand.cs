using System.CommandLine;
using Hookline.Client.Models;

namespace Hookline.Cli.Commands;

internal static class EndpointsCommand
{
    public static Command Build()
    {
        var endpoints = new Command("endpoints", "List, create, show and delete an app's endpoints; read and rotate their secrets");

        var list = new Command("list", "List an app's endpoints");
        var app = CommonOptions.App();
        var limit = CommonOptions.Limit();
        list.Options.Add(app);
        list.Options.Add(limit);
        list.Action(async (r, client, ct) =>
        {
            var found = await Run.TakeAsync(client.Endpoints.ListAsync(r.GetValue(app)!, ct: ct), r.GetValue(limit), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(found);
            }
            else
            {
                Output.Table(["id", "url", "event types", "scheme", "disabled"], found.Select(e => (IReadOnlyList<string?>)[
                    e.Id, e.Url, e.EventTypes.Count == 0 ? "all" : string.Join(",", e.EventTypes), e.SignatureScheme, e.Disabled ? "yes" : "no"]));
            }
            return ExitCodes.Ok;
        });

        var create = new Command("create", "Create an endpoint; prints its secret (the public key for ed25519)");
        var createApp = CommonOptions.App();
        var url = new Option<string>("--target") { Description = "Where deliveries go (the endpoint URL)", Required = true };
        var events = new Option<string?>("--events") { Description = "Comma-separated event types (default: all)" };
        var scheme = new Option<string?>("--scheme") { Description = "signature_scheme (default standard-webhooks)" };
        var description = new Option<string?>("--description") { Description = "What the endpoint is for" };
        create.Options.Add(createApp);
        create.Options.Add(url);
        create.Options.Add(events);
        create.Options.Add(scheme);
        create.Options.Add(description);
        create.Action(async (r, client, ct) =>
        {
            var created = await client.Endpoints.CreateAsync(r.GetValue(createApp)!, new EndpointOptions
            {
                Url = r.GetValue(url),
                EventTypes = CommonOptions.List(r.GetValue(events)),
                SignatureScheme = r.GetValue(scheme),
                Description = r.GetValue(description),
            }, ct);
            PrintOne(r, created);
            return ExitCodes.Ok;
        });

        var get = new Command("get", "Show an endpoint");
        var getApp = CommonOptions.App();
        var id = CommonOptions.Id("Endpoint id");
        get.Options.Add(getApp);
        get.Arguments.Add(id);
        get.Action(async (r, client, ct) =>
        {
            PrintOne(r, await client.Endpoints.GetAsync(r.GetValue(getApp)!, r.GetValue(id)!, ct));
            return ExitCodes.Ok;
        });

        var delete = new Command("delete", "Delete an endpoint");
        var deleteApp = CommonOptions.App();
        var deleteId = CommonOptions.Id("Endpoint id");
        delete.Options.Add(deleteApp);
        delete.Arguments.Add(deleteId);
        delete.Action(async (r, client, ct) =>
        {
            await client.Endpoints.DeleteAsync(r.GetValue(deleteApp)!, r.GetValue(deleteId)!, ct);
            Console.Out.WriteLine($"deleted {r.GetValue(deleteId)}");
            return ExitCodes.Ok;
        });

        var secret = new Command("secret", "Print what the endpoint's receiver verifies with");
        var secretApp = CommonOptions.App();
        var secretId = CommonOptions.Id("Endpoint id");
        secret.Options.Add(secretApp);
        secret.Arguments.Add(secretId);
        secret.Action(async (r, client, ct) =>
        {
            var value = await client.Endpoints.GetSecretAsync(r.GetValue(secretApp)!, r.GetValue(secretId)!, ct);
            if (Output.WantsJson(r))
            {
                Output.Json(value);
            }
            else
            {
                Console.Out.WriteLine(value.Secret);
            }
            return ExitCodes.Ok;
        });

        var rotate = new Command("rotate", "Rotate the endpoint's secret");
        var rotateApp = CommonOptions.App();
        var rotateId = CommonOptions.Id("Endpoint id");
        var grace = new Option<double?>("--grace-seconds") { Description = "How long the old secret keeps signing (default 86400)" };
        rotate.Options.Add(rotateApp);
        rotate.Arguments.Add(rotateId);
        rotate.Options.Add(grace);
        rotate.Action(async (r, client, ct) =>
        {
            var seconds = r.GetValue(grace);
            var rotated = await client.Endpoints.RotateSecretAsync(r.GetValue(rotateApp)!, r.GetValue(rotateId)!, null,
                seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(rotated);
            }
            else
            {
                Output.Fields(("secret", rotated.Secret), ("previous expires", Output.Time(rotated.PreviousExpiresAt)),
                    ("new secret signs from", Output.Time(rotated.NewSecretSignsFrom)));
            }
            return ExitCodes.Ok;
        });

        foreach (var command in new[] { list, create, get, delete, secret, rotate })
        {
            endpoints.Subcommands.Add(command);
        }
        return endpoints;
    }

    private static void PrintOne(ParseResult r, Endpoint e)
    {
        if (Output.WantsJson(r))
        {
            Output.Json(e);
            return;
        }
        Output.Fields(("id", e.Id), ("url", e.Url), ("event types", e.EventTypes.Count == 0 ? "all" : string.Join(",", e.EventTypes)),
            ("signature scheme", e.SignatureScheme), ("disabled", e.Disabled ? "yes" : "no"), ("circuit", e.Circuit?.State), ("secret", e.Secret));
    }
}
