namespace Hookline.Core.Protection;

/// <summary>Whether a target address may be connected to, and if not, why.</summary>
public readonly record struct AddressVerdict(bool IsAllowed, string? Reason)
{
    public static readonly AddressVerdict Allowed = new(true, null);

    public static AddressVerdict Forbidden(string reason) => new(false, reason);
}
