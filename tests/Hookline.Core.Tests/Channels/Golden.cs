using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Core.Channels;

namespace Hookline.Core.Tests.Channels;

/// <summary>
/// Compares a rendered body with its golden file under <c>Channels/Golden</c>. Set
/// <c>HOOKLINE_UPDATE_GOLDEN=1</c> to rewrite the files after an intended change, then review the diff.
/// </summary>
internal static class Golden
{
    public static void Match(string name, byte[] rendered, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Golden", name + ".json");
        var node = JsonNode.Parse(Encoding.UTF8.GetString(rendered)) ?? throw new InvalidOperationException("rendered null");
        var actual = ChannelJson.WriteString(node, indented: true) + "\n";
        if (Environment.GetEnvironmentVariable("HOOKLINE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        File.Exists(path).ShouldBeTrue($"golden file {path} is missing; run with HOOKLINE_UPDATE_GOLDEN=1 to create it");
        actual.ShouldBe(File.ReadAllText(path), $"rendered {name} differs from its golden file");
    }
}
