using System.Text;

namespace Hookline.Testing.Receiving;

/// <summary>One request as a receiver got it; header names are case-insensitive.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] BodyBytes, DateTimeOffset ArrivedAt)
{
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
