using System.Text.RegularExpressions;
using Conduit.Tests;

namespace Conduit.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders form layers (docs/adr/0013-engine-surface-and-layers.md): a folder may name only the folders
/// listed for it here, so no two folders ever depend on each other. Namespaces follow folders, so a folder's
/// dependencies are the <c>Conduit.Engine.*</c> namespaces its files name.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Running"] = ["Jobs", "Stages", "Outputs", "Memory", "Telemetry"],
        ["Jobs"] = ["Stages", "Outputs", "Memory"],
        ["Stages"] = [],
        ["Outputs"] = [],
        ["Memory"] = [],
        ["Telemetry"] = [],
    };

    [Fact]
    public void Every_engine_folder_names_only_the_folders_below_it()
    {
        var engine = Path.Combine(TestData.RepositoryRoot, "host", "Engine");
        var folders = Directory.GetDirectories(engine).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order().ToList();
        Assert.Equal(Allowed.Keys.Order(), folders!);

        var violations = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(engine, folder!), "*.cs", SearchOption.AllDirectories))
            {
                var named = EngineNamespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Distinct();
                violations.AddRange(named
                    .Where(n => n != folder && !Allowed[folder!].Contains(n))
                    .Select(n => $"{Path.GetRelativePath(engine, file)} names Conduit.Engine.{n}"));
            }
        }

        Assert.True(violations.Count == 0, "folders depend on folders above them:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_layers_have_no_loop()
    {
        // A folder below another must not be allowed to name it back: depth-first, no folder on its own path.
        void Visit(string folder, List<string> path)
        {
            Assert.DoesNotContain(folder, path);
            foreach (var below in Allowed[folder])
            {
                Visit(below, [.. path, folder]);
            }
        }

        foreach (var folder in Allowed.Keys)
        {
            Visit(folder, []);
        }
    }

    [GeneratedRegex(@"\bConduit\.Engine\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex EngineNamespace();
}
