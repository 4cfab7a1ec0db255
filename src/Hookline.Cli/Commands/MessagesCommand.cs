using System.CommandLine;

namespace Hookline.Cli.Commands;

internal static class MessagesCommand
{
    public static Command Build()
    {
        var messages = new Command("messages", "List and show an app's messages");

        var list = new Command("list", "List messages, newest first");
        var app = CommonOptions.App();
        var eventType = new Option<string?>("--event-type", "-t") { Description = "Only this event type" };
        var limit = CommonOptions.Limit();
        list.Options.Add(app);
        list.Options.Add(eventType);
        list.Options.Add(limit);
        list.Action(async (r, client, ct) =>
        {
            var found = await Run.TakeAsync(client.Messages.ListAsync(r.GetValue(app)!, r.GetValue(eventType), ct: ct), r.GetValue(limit), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(found);
            }
            else
            {
                Output.Table(["id", "event type", "event id", "created"], found.Select(m => (IReadOnlyList<string?>)[m.Id, m.EventType, m.EventId, Output.Time(m.CreatedAt)]));
            }
            return ExitCodes.Ok;
        });

        var get = new Command("get", "Show a message and its deliveries");
        var getApp = CommonOptions.App();
        var id = CommonOptions.Id("Message id");
        get.Options.Add(getApp);
        get.Arguments.Add(id);
        get.Action(async (r, client, ct) =>
        {
            var message = await client.Messages.GetAsync(r.GetValue(getApp)!, r.GetValue(id)!, ct);
            var deliveries = await client.Messages.ListDeliveriesAsync(r.GetValue(getApp)!, r.GetValue(id)!, ct);
            if (Output.WantsJson(r))
            {
                Output.Json(new { message, deliveries });
                return ExitCodes.Ok;
            }
            Output.Fields(("id", message.Id), ("event type", message.EventType), ("event id", message.EventId), ("created", Output.Time(message.CreatedAt)),
                ("payload", message.Payload.GetRawText()));
            DeliveriesCommand.Table(deliveries);
            return ExitCodes.Ok;
        });

        messages.Subcommands.Add(list);
        messages.Subcommands.Add(get);
        return messages;
    }
}
