using System.CommandLine;

namespace Hookline.Cli.Commands;

internal static class CommonOptions
{
    public static Option<string> App() => new("--app", "-a") { Description = "App id or uid", Required = true };

    public static Option<int> Limit() => new("--limit") { Description = "Most items to show", DefaultValueFactory = _ => 50 };

    public static Argument<string> Id(string what) => new("id") { Description = what };

    public static IReadOnlyList<string>? List(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated) ? null : commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
