namespace Hookline.Core.Storage;

/// <summary>
/// The keys that encrypt admin sessions and antiforgery tokens, as the framework's XML, kept in the
/// database so every node of a cluster reads the same ones. The XML arrives already encrypted.
/// </summary>
public interface IDataProtectionKeyStore
{
    /// <summary>Every stored key, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default);

    /// <summary>Stores a key under its unique name; storing the same name again leaves the first.</summary>
    Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken ct = default);
}
