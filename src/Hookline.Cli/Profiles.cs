using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookline.Cli;

/// <summary>
/// Saved connections (<c>hookline login</c>): a JSON file readable by its owner only, at
/// <c>$HOOKLINE_CONFIG</c>, else <c>$XDG_CONFIG_HOME/hookline/profiles.json</c>, else <c>~/.config/hookline/profiles.json</c>.
/// </summary>
public sealed class Profiles
{
    public const string DefaultName = "default";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Dictionary<string, Profile> Entries { get; init; } = new(StringComparer.Ordinal);

    public static string FilePath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("HOOKLINE_CONFIG") is { Length: > 0 } file)
            {
                return file;
            }
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "hookline", "profiles.json");
        }
    }

    public static Profiles Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new Profiles();
        }
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
        return new Profiles { Entries = new(stored?.Profiles ?? [], StringComparer.Ordinal) };
    }

    public void Save()
    {
        var path = FilePath;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        var text = JsonSerializer.Serialize(new Stored(Entries), Json);
        // Written to a fresh owner-only file then moved over, so the key is never readable by others, not even briefly.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record Stored([property: JsonPropertyName("profiles")] Dictionary<string, Profile> Profiles);
}

public sealed record Profile(string Url, string? Key);
