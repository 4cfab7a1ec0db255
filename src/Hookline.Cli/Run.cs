using System.CommandLine;
using Hookline.Client;

namespace Hookline.Cli;

/// <summary>Runs a command's body and turns every failure into a message on stderr and an <see cref="ExitCodes">exit code</see>.</summary>
public static class Run
{
    public static void Action(this Command command, Func<ParseResult, HooklineClient, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, ct) =>
        {
            try
            {
                using var client = Connection.Client(result);
                return await body(result, client, ct);
            }
            catch (UsageException e)
            {
                Output.Error(e.Message);
                return ExitCodes.Usage;
            }
            catch (HooklineApiException e)
            {
                Output.Problem(e);
                return ExitCodes.For(e);
            }
            catch (HttpRequestException e)
            {
                Output.Error($"cannot reach the server at {Connection.Resolve(result).Url}: {e.Message}");
                return ExitCodes.Unreachable;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                Output.Error($"the server at {Connection.Resolve(result).Url} did not answer in time");
                return ExitCodes.Unreachable;
            }
        });

    /// <summary>At most <paramref name="limit"/> items of a paged list.</summary>
    public static async Task<List<T>> TakeAsync<T>(IAsyncEnumerable<T> items, int limit, CancellationToken ct)
    {
        var taken = new List<T>();
        if (limit <= 0)
        {
            return taken;
        }
        await foreach (var item in items.WithCancellation(ct))
        {
            taken.Add(item);
            if (taken.Count >= limit)
            {
                break;
            }
        }
        return taken;
    }
}
