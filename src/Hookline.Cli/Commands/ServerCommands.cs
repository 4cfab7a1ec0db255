using System.CommandLine;
using Hookline.Server.Hosting;

namespace Hookline.Cli.Commands;

/// <summary>
/// <c>serve</c> and <c>migrate</c> are the server's own entry points; everything after the command
/// word goes to the server unparsed (<c>--urls</c>, <c>--Hookline:Storage=postgres</c>, ...).
/// </summary>
internal static class ServerCommands
{
    public const string Serve = "serve";

    public static bool TryDispatch(string[] args, out Task<int> run)
    {
        switch (args.FirstOrDefault())
        {
            case Serve when !IsHelp(args):
                run = ServeAsync(args[1..]);
                return true;
            case MigrateCommand.Name when !IsHelp(args):
                run = MigrateCommand.RunAsync(args[1..]);
                return true;
            default:
                run = Task.FromResult(0);
                return false;
        }
    }

    /// <summary>Listed in the help; the work is done by <see cref="TryDispatch"/> before parsing.</summary>
    public static IEnumerable<Command> Build() =>
    [
        new Command(Serve, "Run the Hookline server (the same as `dotnet run --project src/Hookline.Server`); server options follow"),
        new Command(MigrateCommand.Name, "Bring the database schema up to date and exit; server options follow"),
    ];

    private static bool IsHelp(string[] args) => args.Length == 2 && args[1] is "--help" or "-h" or "-?";

    private static async Task<int> ServeAsync(string[] args)
    {
        var app = await HooklineApp.CreateAsync(args);
        await app.RunAsync();
        return 0;
    }
}
