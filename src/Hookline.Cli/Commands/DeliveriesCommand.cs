using System.CommandLine;
using Hookline.Client.Models;

namespace Hookline.Cli.Commands;

internal static class DeliveriesCommand
{
    public static Command Build()
    {
        var deliveries = new Command("deliveries", "List and show an app's deliveries with their attempts");

        var list = new Command("list", "List deliveries (dead letters: --status dead)");
        var app = CommonOptions.App();
        var status = new Option<string?>("--status") { Description = "pending, sending, succeeded, failed, dead or skipped" };
        var endpoint = new Option<string?>("--endpoint") { Description = "Only this endpoint's" };
        var message = new Option<string?>("--message") { Description = "Only this message's" };
        var eventType = new Option<string?>("--event-type", "-t") { Description = "Only this event type" };
        var limit = CommonOptions.Limit();
        foreach (var option in new Option[] { app, status, endpoint, message, eventType, limit })
        {
            list.Options.Add(option);
        }
        list.Action(async (r, client, ct) =>
        {
            var filter = new DeliveryFilter(r.GetValue(status), r.GetValue(endpoint), r.GetValue(eventType), r.GetValue(message));
            var found = await Run.TakeAsync(client.Deliveries.ListAsync(r.GetValue(app)!, filter, ct: ct), r.GetValue(limit), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(found);
            }
            else
            {
                Table(found);
            }
            return ExitCodes.Ok;
        });

        var get = new Command("get", "Show a delivery and every attempt");
        var getApp = CommonOptions.App();
        var id = CommonOptions.Id("Delivery id");
        get.Options.Add(getApp);
        get.Arguments.Add(id);
        get.Action(async (r, client, ct) =>
        {
            var detail = await client.Deliveries.GetAsync(r.GetValue(getApp)!, r.GetValue(id)!, ct);
            if (Output.WantsJson(r))
            {
                Output.Json(detail);
                return ExitCodes.Ok;
            }
            Table([detail.Delivery]);
            Output.Table(["attempt", "started", "ms", "status", "error", "trigger"], detail.Attempts.Select(a => (IReadOnlyList<string?>)[
                a.AttemptNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.Time(a.StartedAt),
                a.DurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), a.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                a.Error, a.Trigger]));
            return ExitCodes.Ok;
        });

        deliveries.Subcommands.Add(list);
        deliveries.Subcommands.Add(get);
        return deliveries;
    }

    public static void Table(IEnumerable<Delivery> deliveries) =>
        Output.Table(["id", "message", "endpoint", "event type", "status", "attempts", "last code", "next attempt"], deliveries.Select(d => (IReadOnlyList<string?>)[
            d.Id, d.MessageId, d.EndpointId, d.EventType, d.Status, d.AttemptCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d.LastStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.Time(d.NextAttemptAt)]));
}
