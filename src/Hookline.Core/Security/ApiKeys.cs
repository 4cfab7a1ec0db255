using System.Security.Cryptography;
using System.Text;

namespace Hookline.Core.Security;

/// <summary>API key format and hashing. Keys are 32 random bytes; only their SHA-256 is stored.</summary>
public static class ApiKeys
{
    public const string Prefix = "hk_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

/// <summary>A stored API key: admin (no app) or scoped to one app.</summary>
public sealed record ApiKey
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? AppId { get; init; }
    public required string KeyHash { get; init; }
    /// <summary>The first characters of the key, to recognise it in a list.</summary>
    public required string Hint { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public bool IsAdmin => AppId is null;
}
