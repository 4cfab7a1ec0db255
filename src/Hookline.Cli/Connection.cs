using System.CommandLine;
using Hookline.Client;

namespace Hookline.Cli;

/// <summary>The options every command takes, and where the server's address and key come from.</summary>
public static class Connection
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"Server address (env HOOKLINE_URL, else the profile, else {DefaultUrl})",
        Recursive = true,
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (env HOOKLINE_API_KEY, else the profile)",
        Recursive = true,
    };

    public static readonly Option<string?> ProfileName = new("--profile")
    {
        Description = $"Saved profile to use (env HOOKLINE_PROFILE, else '{Profiles.DefaultName}')",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON instead of tables, for scripts",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Key);
        root.Options.Add(ProfileName);
        root.Options.Add(Json);
    }

    public static (string Url, string? Key) Resolve(ParseResult result)
    {
        var name = result.GetValue(ProfileName) ?? Environment.GetEnvironmentVariable("HOOKLINE_PROFILE") ?? Profiles.DefaultName;
        var profile = Profiles.Load().Entries.GetValueOrDefault(name);
        var url = result.GetValue(Url) ?? Env("HOOKLINE_URL") ?? profile?.Url ?? DefaultUrl;
        var key = result.GetValue(Key) ?? Env("HOOKLINE_API_KEY") ?? profile?.Key;
        return (url, key);
    }

    public static HooklineClient Client(ParseResult result)
    {
        var (url, key) = Resolve(result);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url '{url}' is not an http(s) address");
        }
        return new HooklineClient(address, key);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}

/// <summary>The command line asked for something that cannot be done as written.</summary>
public sealed class UsageException(string message) : Exception(message);
