namespace Hookline.Testing;

/// <summary>Where the checkout is, found from the running binaries (bin/{Configuration}/{tfm} of a test project or the bench).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration (Debug/Release) the running binaries were built in, read from their output path.</summary>
    public static string Configuration => new DirectoryInfo(OutputDirectory).Parent!.Name;

    /// <summary>The target framework folder of the running binaries.</summary>
    public static string TargetFramework => new DirectoryInfo(OutputDirectory).Name;

    private static string OutputDirectory => AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hookline.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Hookline.sln not found above the running binaries");
    }
}
