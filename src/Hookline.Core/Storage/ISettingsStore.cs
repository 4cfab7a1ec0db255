namespace Hookline.Core.Storage;

/// <summary>Installation-wide named values, shared by every node of a database.</summary>
public interface ISettingsStore
{
    Task<string?> GetAsync(string name, CancellationToken ct = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> unless a value is there; returns the value that is.</summary>
    Task<string> GetOrAddAsync(string name, string value, DateTimeOffset now, CancellationToken ct = default);
}
