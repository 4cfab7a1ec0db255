namespace Hookline.Core.Storage;

/// <summary>A claimed delivery's lease, beyond the claim itself.</summary>
public interface IDeliveryLeases
{
    /// <summary>
    /// Makes the lease of <paramref name="deliveryId"/> last at least until <paramref name="until"/>,
    /// if <paramref name="owner"/> still holds it. False when it does not (the lease was given back,
    /// taken over from a node declared dead, or claimed by another node after it expired): the
    /// delivery is someone else's and must not be sent.
    /// </summary>
    Task<bool> ExtendAsync(string owner, string deliveryId, DateTimeOffset until, CancellationToken ct = default);
}
