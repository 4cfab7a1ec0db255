using System.Reflection;

namespace Hookline.Core.Engine;

/// <summary>The product version as receivers see it in <c>user-agent</c>.</summary>
public static class HooklineVersion
{
    public static string Current { get; } = Read();

    public static string UserAgent { get; } = "Hookline/" + Current;

    private static string Read()
    {
        var assembly = typeof(HooklineVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            // Drop the "+<commit>" build metadata: receivers need the release, not the build.
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? informational[..plus] : informational;
        }
        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
