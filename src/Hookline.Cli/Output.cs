using System.CommandLine;
using System.Text.Json;
using Hookline.Client;
using Spectre.Console;

namespace Hookline.Cli;

/// <summary>Tables for people, JSON for scripts, and errors on stderr.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new(HooklineJson.Options) { WriteIndented = true };

    static Output()
    {
        if (Console.IsOutputRedirected)
        {
            // Piped output is read by programs and logs: wide enough that ids never wrap.
            AnsiConsole.Profile.Width = 240;
        }
    }

    public static bool WantsJson(ParseResult result) => result.GetValue(Connection.Json);

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    public static void JsonLine<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, HooklineJson.Options));

    public static void Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).NoWrap());
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell ?? "")).ToArray());
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Name → value lines of one object.</summary>
    public static void Fields(params (string Name, string? Value)[] fields) =>
        Table(["field", "value"], fields.Select(f => (IReadOnlyList<string?>)[f.Name, f.Value]));

    public static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static void Problem(HooklineApiException e)
    {
        var error = Console.Error;
        error.WriteLine($"error: {(int)e.StatusCode} {e.Title}");
        // A validation problem's detail repeats its field errors; print those alone.
        if (e.Detail.Length > 0 && e.Errors.Count == 0)
        {
            error.WriteLine($"  {e.Detail}");
        }
        foreach (var (field, messages) in e.Errors)
        {
            error.WriteLine($"  {field}: {string.Join("; ", messages)}");
        }
    }

    public static void Error(string message) => Console.Error.WriteLine("error: " + message);

    public static string PrettyJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(body);
        }
    }
}
