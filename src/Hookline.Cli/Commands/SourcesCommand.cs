using System.CommandLine;
using Hookline.Client.Models;

namespace Hookline.Cli.Commands;

internal static class SourcesCommand
{
    public static Command Build()
    {
        var sources = new Command("sources", "List, create, show, change and delete an app's inbound sources; see the requests they received");
        foreach (var command in new[] { List(), Create(), Get(), Update(), Delete(), Requests(), Rotate() })
        {
            sources.Subcommands.Add(command);
        }
        return sources;
    }

    private static Command List()
    {
        var list = new Command("list", "List an app's sources");
        var app = CommonOptions.App();
        var limit = CommonOptions.Limit();
        list.Options.Add(app);
        list.Options.Add(limit);
        list.Action(async (r, client, ct) =>
        {
            var found = await Run.TakeAsync(client.Sources.ListAsync(r.GetValue(app)!, ct: ct), r.GetValue(limit), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(found);
            }
            else
            {
                Output.Table(["id", "name", "uid", "verification", "ingest url"], found.Select(s => (IReadOnlyList<string?>)[
                    s.Id, s.Name, s.Uid, s.Verification.Type, s.IngestUrl]));
            }
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command Create()
    {
        var create = new Command("create", "Create a source; prints its ingest URL and, once, its secret");
        var app = CommonOptions.App();
        var name = new Argument<string>("name") { Description = "The source's name (unique across the installation)" };
        var fields = new SourceOptionSet();
        create.Options.Add(app);
        create.Arguments.Add(name);
        fields.AddTo(create);
        create.Action(async (r, client, ct) =>
        {
            PrintOne(r, await client.Sources.CreateAsync(r.GetValue(app)!, fields.Read(r, r.GetValue(name)), ct));
            return ExitCodes.Ok;
        });
        return create;
    }

    private static Command Get()
    {
        var get = new Command("get", "Show a source with its request counters");
        var app = CommonOptions.App();
        var id = CommonOptions.Id("Source id");
        get.Options.Add(app);
        get.Arguments.Add(id);
        get.Action(async (r, client, ct) =>
        {
            PrintOne(r, await client.Sources.GetAsync(r.GetValue(app)!, r.GetValue(id)!, ct));
            return ExitCodes.Ok;
        });
        return get;
    }

    private static Command Update()
    {
        var update = new Command("update", "Change a source: only the options given change");
        var app = CommonOptions.App();
        var id = CommonOptions.Id("Source id");
        var name = new Option<string?>("--name") { Description = "A new name" };
        var fields = new SourceOptionSet();
        update.Options.Add(app);
        update.Arguments.Add(id);
        update.Options.Add(name);
        fields.AddTo(update);
        update.Action(async (r, client, ct) =>
        {
            var changes = fields.Read(r, r.GetValue(name));
            if (changes == new SourceOptions())
            {
                throw new UsageException("nothing to change: give at least one option (see --help)");
            }
            PrintOne(r, await client.Sources.UpdateAsync(r.GetValue(app)!, r.GetValue(id)!, changes, ct));
            return ExitCodes.Ok;
        });
        return update;
    }

    private static Command Delete()
    {
        var delete = new Command("delete", "Delete a source (the events it received stay)");
        var app = CommonOptions.App();
        var id = CommonOptions.Id("Source id");
        delete.Options.Add(app);
        delete.Arguments.Add(id);
        delete.Action(async (r, client, ct) =>
        {
            await client.Sources.DeleteAsync(r.GetValue(app)!, r.GetValue(id)!, ct);
            Console.Out.WriteLine($"deleted {r.GetValue(id)}");
            return ExitCodes.Ok;
        });
        return delete;
    }

    private static Command Requests()
    {
        var requests = new Command("requests", "The source's recent requests, accepted and refused, newest first, with why");
        var app = CommonOptions.App();
        var id = CommonOptions.Id("Source id");
        var limit = CommonOptions.Limit();
        requests.Options.Add(app);
        requests.Arguments.Add(id);
        requests.Options.Add(limit);
        requests.Action(async (r, client, ct) =>
        {
            var found = await Run.TakeAsync(client.Sources.ListRequestsAsync(r.GetValue(app)!, r.GetValue(id)!, ct: ct), r.GetValue(limit), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(found);
            }
            else
            {
                Output.Table(["received", "status", "outcome", "reason", "event"], found.Select(q => (IReadOnlyList<string?>)[
                    Output.Time(q.ReceivedAt), q.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), q.Outcome, q.Reason, q.EventId]));
            }
            return ExitCodes.Ok;
        });
        return requests;
    }

    private static Command Rotate()
    {
        var rotate = new Command("rotate", "Rotate the source's verification secret; prints the new one");
        var app = CommonOptions.App();
        var id = CommonOptions.Id("Source id");
        var secret = new Option<string?>("--secret") { Description = "The new secret (generated when left out)" };
        var grace = new Option<int?>("--grace-seconds") { Description = "How long the old secret stays valid (default 86400)" };
        rotate.Options.Add(app);
        rotate.Arguments.Add(id);
        rotate.Options.Add(secret);
        rotate.Options.Add(grace);
        rotate.Action(async (r, client, ct) =>
        {
            var seconds = r.GetValue(grace);
            var rotated = await client.Sources.RotateSecretAsync(r.GetValue(app)!, r.GetValue(id)!, r.GetValue(secret),
                seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(rotated);
            }
            else
            {
                Console.Out.WriteLine(rotated.Secret);
            }
            return ExitCodes.Ok;
        });
        return rotate;
    }

    private static void PrintOne(ParseResult r, Source s)
    {
        if (Output.WantsJson(r))
        {
            Output.Json(s);
            return;
        }
        var mapping = s.Mapping is null ? null : string.Join(", ", new[]
        {
            ("customer_id", s.Mapping.CustomerIdField), ("event_type", s.Mapping.EventTypeField ?? s.Mapping.EventType),
            ("timestamp", s.Mapping.TimestampField), ("value", s.Mapping.ValueField),
        }.Where(m => m.Item2 is not null).Select(m => $"{m.Item1}={m.Item2}")
            .Concat((s.Mapping.MetadataFields ?? new Dictionary<string, string>()).Select(m => $"metadata.{m.Key}={m.Value}")));
        var counters = s.Counters is null ? null : string.Join(", ", s.Counters.Select(c => $"{c.Key}: {c.Value}"));
        Output.Fields(("id", s.Id), ("name", s.Name), ("uid", s.Uid), ("ingest url", s.IngestUrl), ("verification", s.Verification.Type),
            ("secret", s.Verification.Secret), ("mapping", mapping), ("allowed event types", s.AllowedEventTypes.Count == 0 ? "all" : string.Join(",", s.AllowedEventTypes)),
            ("requests", counters), ("created", Output.Time(s.CreatedAt)));
    }
}
