using System.CommandLine;
using Hookline.Client;
using Spectre.Console;

namespace Hookline.Cli.Commands;

internal static class LoginCommand
{
    public static Command Build()
    {
        var login = new Command("login", "Check a server address and API key, and save them as a profile (readable by you only)");
        login.Action(async (r, client, ct) =>
        {
            var (url, key) = Connection.Resolve(r);
            if (string.IsNullOrEmpty(key))
            {
                if (Console.IsInputRedirected)
                {
                    throw new UsageException("give the API key with --key (or HOOKLINE_API_KEY)");
                }
                key = AnsiConsole.Prompt(new TextPrompt<string>("API key:").Secret());
            }
            using var checking = new HooklineClient(new Uri(url), key);
            try
            {
                await foreach (var _ in checking.Apps.ListAsync(pageSize: 1, ct: ct))
                {
                    break;
                }
            }
            catch (HooklineAuthException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
            {
                // An app-scoped key may not list apps; it is still a valid key.
            }
            var name = r.GetValue(Connection.ProfileName) ?? Environment.GetEnvironmentVariable("HOOKLINE_PROFILE") ?? Profiles.DefaultName;
            var profiles = Profiles.Load();
            profiles.Entries[name] = new Profile(url, key);
            profiles.Save();
            Console.Out.WriteLine($"logged in to {url}; profile '{name}' saved in {Profiles.FilePath}");
            return ExitCodes.Ok;
        });
        return login;
    }
}
