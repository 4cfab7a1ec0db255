using System.CommandLine;
using System.Text.Json;

namespace Hookline.Cli.Commands;

internal static class PublishCommand
{
    public static Command Build()
    {
        var publish = new Command("publish", "Publish an event; prints the message id");
        var app = CommonOptions.App();
        var eventType = new Option<string>("--event-type", "-t") { Description = "The event type", Required = true };
        var data = new Option<string?>("--data", "-d") { Description = "The payload, a JSON object" };
        var file = new Option<string?>("--file", "-f") { Description = "Read the payload from this file ('-' for stdin)" };
        var eventId = new Option<string?>("--event-id") { Description = "Your id of the event: publishing it again answers with the first message" };
        var channels = new Option<string?>("--channels") { Description = "Comma-separated channels" };
        foreach (var option in new Option[] { app, eventType, data, file, eventId, channels })
        {
            publish.Options.Add(option);
        }
        publish.Action(async (r, client, ct) =>
        {
            var payload = await ReadPayloadAsync(r.GetValue(data), r.GetValue(file), ct);
            var published = await client.Messages.PublishAsync(r.GetValue(app)!, r.GetValue(eventType)!, payload, r.GetValue(eventId),
                CommonOptions.List(r.GetValue(channels)), ct: ct);
            if (Output.WantsJson(r))
            {
                Output.Json(published);
            }
            else
            {
                Console.Out.WriteLine(published.Id);
            }
            return ExitCodes.Ok;
        });
        return publish;
    }

    private static async Task<JsonElement> ReadPayloadAsync(string? data, string? file, CancellationToken ct)
    {
        if (data is not null && file is not null)
        {
            throw new UsageException("give the payload with --data or --file, not both");
        }
        string text;
        if (data is not null)
        {
            text = data;
        }
        else if (file is "-" || (file is null && Console.IsInputRedirected))
        {
            text = await Console.In.ReadToEndAsync(ct);
        }
        else if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--file '{file}' does not exist");
            }
            text = await File.ReadAllTextAsync(file, ct);
        }
        else
        {
            throw new UsageException("give the payload with --data '{...}', --file path, or on stdin");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("the payload must be a JSON object");
            }
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"the payload is not valid JSON: {e.Message}");
        }
    }
}
