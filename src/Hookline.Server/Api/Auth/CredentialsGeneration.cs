using Hookline.Core.Concurrency;
using Hookline.Core.Storage;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// The database's credentials generation as one request sees it: a number that moves whenever a key
/// or an app is deleted or an app changes, on any node. Keys and apps are cached under it, so a request
/// reads this one number instead of its key and its app. Concurrent requests share one read (never one
/// that began before they arrived), and a request reads it once, however many lookups it makes.
/// </summary>
public sealed class CredentialsGeneration(IHooklineStore store)
{
    private static readonly object ItemKey = new();
    private readonly CoalescedRead<long> _read = new(ct => store.ApiKeys.CredentialsGenerationAsync(ct));

    public async ValueTask<long> ForRequestAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var seen) && seen is long generation)
        {
            return generation;
        }
        generation = await _read.ReadAsync(context.RequestAborted);
        context.Items[ItemKey] = generation;
        return generation;
    }
}
