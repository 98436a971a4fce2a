using Conduit.Engine.Stages;
using Conduit.Host.Plugins;
using Conduit.Testing.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Tests.Plugins;

/// <summary>A job loads only the plugins of its stage types once the index knows them; anything the index cannot vouch
/// for is loaded as before.</summary>
public sealed class PluginIndexTests : IDisposable
{
    private static readonly HashSet<string> ExampleOnly = new(["example.generate", "example.write"], StringComparer.Ordinal);
    private readonly TemporaryDirectory _folder = new();

    public PluginIndexTests()
    {
        PluginFolders.Copy(Path.Combine(TestPaths.Plugins, "Example"), Plugin("Example"));
        PluginFolders.Copy(Path.Combine(TestPaths.Plugins, "Fcs"), Plugin("Fcs"));
        PluginFolders.Copy(Path.Combine(TestPaths.Fixtures, "Throwing"), Plugin("Throwing"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Without_an_index_every_plugin_loads_and_is_recorded()
    {
        var stages = Load(ExampleOnly);

        Assert.True(stages.TryGet("fcs.read", out _));
        Assert.Contains("plugin\t", File.ReadAllText(IndexFile), StringComparison.Ordinal);
        Assert.Contains("stage\tfcs.read", File.ReadAllText(IndexFile), StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_index_a_job_loads_only_the_plugins_of_its_stage_types_and_still_hears_of_failures()
    {
        Load(null);

        var stages = Load(ExampleOnly, out var failures);

        Assert.Equal(["Example"], stages.Plugins.Select(p => p.Name));
        Assert.False(stages.TryGet("fcs.read", out _));
        Assert.Contains(failures, f => f.Name == "Throwing" && f.Reason.Contains("the instrument driver is not installed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plugin_whose_files_changed_is_loaded_again()
    {
        Load(null);
        File.WriteAllText(Path.Combine(Plugin("Fcs"), "notes.txt"), "a file added after the index was written");

        var stages = Load(ExampleOnly);

        Assert.True(stages.TryGet("fcs.read", out _));
    }

    [Fact]
    public void A_stage_type_no_indexed_plugin_has_loads_every_plugin_for_the_error_and_its_suggestions()
    {
        Load(null);

        var stages = Load(new HashSet<string>(["example.generate", "fcs.reed"], StringComparer.Ordinal));

        Assert.True(stages.TryGet("fcs.read", out _));
        Assert.Contains("fcs.read", stages.Suggest("fcs.reed"));
    }

    [Fact]
    public void An_index_of_another_host_build_or_a_damaged_one_is_ignored()
    {
        Load(null);
        File.WriteAllLines(IndexFile, [.. File.ReadAllLines(IndexFile).Take(3), "what is this line"]);

        var stages = Load(ExampleOnly);

        Assert.True(stages.TryGet("fcs.read", out _));
    }

    [Fact]
    public void Writing_an_index_removes_the_indexes_of_host_folders_that_no_longer_exist()
    {
        var gone = _folder.File("plugin-index-gone.txt");
        var kept = _folder.File("plugin-index-kept.txt");
        File.WriteAllLines(gone, ["conduit-plugin-index 1", "host\tx", $"folder\t{_folder.File("deleted-host")}"]);
        File.WriteAllLines(kept, ["conduit-plugin-index 1", "host\tx", $"folder\t{_folder.Path}"]);

        Load(null);

        Assert.False(File.Exists(gone));
        Assert.True(File.Exists(kept));
    }

    private string IndexFile => _folder.File("index.txt");

    private string Plugin(string name) => _folder.File(Path.Combine("plugins", name));

    private StageCatalog Load(IReadOnlySet<string>? needed) => Load(needed, out _);

    private StageCatalog Load(IReadOnlySet<string>? needed, out IReadOnlyList<PluginLoadFailure> failures)
    {
        var stages = new StageCatalog();
        failures = new McMasterPluginCatalog(() => PluginIndex.Open(IndexFile)).LoadAll([_folder.File("plugins")], new ServiceCollection(), stages, needed);
        return stages;
    }
}
