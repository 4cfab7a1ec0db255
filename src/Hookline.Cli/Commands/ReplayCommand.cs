using System.CommandLine;

namespace Hookline.Cli.Commands;

internal static class ReplayCommand
{
    public static Command Build()
    {
        var replay = new Command("replay", "Send one delivery again, or replay every dead delivery (of an endpoint, since a time)");
        var app = CommonOptions.App();
        var delivery = new Argument<string?>("delivery") { Description = "A delivery id; without it, dead deliveries are replayed in bulk", Arity = ArgumentArity.ZeroOrOne };
        var endpoint = new Option<string?>("--endpoint") { Description = "Bulk: only this endpoint's dead deliveries" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Bulk: only deliveries created since (ISO 8601)" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Bulk: only deliveries created before (ISO 8601)" };
        replay.Options.Add(app);
        replay.Arguments.Add(delivery);
        replay.Options.Add(endpoint);
        replay.Options.Add(since);
        replay.Options.Add(until);
        replay.Action(async (r, client, ct) =>
        {
            if (r.GetValue(delivery) is { } id)
            {
                if (r.GetValue(endpoint) is not null || r.GetValue(since) is not null || r.GetValue(until) is not null)
                {
                    throw new UsageException("--endpoint, --since and --until select deliveries for a bulk replay; leave them out with a delivery id");
                }
                var retried = await client.Deliveries.RetryAsync(r.GetValue(app)!, id, ct);
                if (Output.WantsJson(r))
                {
                    Output.Json(retried);
                }
                else
                {
                    Console.Out.WriteLine($"{retried.Id} {retried.Status}");
                }
                return ExitCodes.Ok;
            }
            var result = await client.Deliveries.ReplayAsync(r.GetValue(app)!, r.GetValue(endpoint), r.GetValue(since), r.GetValue(until), ct);
            if (Output.WantsJson(r))
            {
                Output.Json(result);
            }
            else
            {
                Console.Out.WriteLine($"{result.Requeued} dead deliveries requeued");
            }
            return ExitCodes.Ok;
        });
        return replay;
    }
}
