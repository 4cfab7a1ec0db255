using Hookline.Core.Storage;

namespace Hookline.Server.Api;

/// <summary>
/// An answer that hands out a credential names it here, so that a replay of its <c>Idempotency-Key</c>
/// after the credential was deleted answers 410 instead of showing the deleted credential again.
/// </summary>
public static class IdempotencyReplayGuard
{
    private const string ItemKey = "hookline.idempotency.replay-guard";
    private const string ApiKeyKind = "api_key";

    /// <summary>The answer being written is replayed only while the API key <paramref name="id"/> exists.</summary>
    public static void RequireApiKey(HttpContext context, string id) => context.Items[ItemKey] = $"{ApiKeyKind}:{id}";

    public static string? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var guard) ? guard as string : null;

    /// <summary>Whether what the guard names still exists; an unknown kind is treated as gone, so nothing is shown by mistake.</summary>
    public static async Task<bool> HoldsAsync(string guard, IHooklineStore store, CancellationToken ct)
    {
        var separator = guard.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }
        return guard[..separator] switch
        {
            ApiKeyKind => await store.ApiKeys.ExistsAsync(guard[(separator + 1)..], ct),
            _ => false,
        };
    }
}
