using System.Globalization;
using Hookline.Server.Tests.Support;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Where a fault test puts its figures: one line per run, appended to <c>TestResults/faults-&lt;name&gt;.log</c>
/// at the repository root (not tracked) and written to the test output.
/// </summary>
public static class FaultLog
{
    public static string PathOf(string name) => Path.Combine(Repository.Root, "TestResults", $"faults-{name}.log");

    public static void Write(ITestOutputHelper output, string name, string figures)
    {
        var line = $"{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {name} ({FaultScale.Name}): {figures}";
        output.WriteLine(line);
        var file = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        lock (typeof(FaultLog))
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }
}
