namespace Hookline.Server.Admin;

/// <summary>The UI's stylesheet and script, embedded in the assembly so the UI works offline and from any working directory.</summary>
public static class AdminAssets
{
    public sealed record Asset(byte[] Content, string ContentType);

    private static readonly Dictionary<string, Asset> Assets = Load();

    public static Asset? Find(string name) => Assets.GetValueOrDefault(name);

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(AdminAssets).Assembly;
        var found = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("admin.css", "text/css; charset=utf-8"), ("admin.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Hookline.Server.Admin.Assets." + name)
                ?? throw new InvalidOperationException($"the admin asset {name} is not embedded");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            found[name] = new Asset(copy.ToArray(), type);
        }
        return found;
    }
}
