using Conduit.Testing.Files;

namespace Conduit.Host.Tests.Plugins;

/// <summary>The real host with its configured plugin folder pointed elsewhere, as a publish without plugins or a wrong
/// plugin path leaves it.</summary>
public sealed class NoPluginTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("plugins")]
    [InlineData("validate")]
    [InlineData("run")]
    [InlineData("schema")]
    public async Task With_no_plugin_loaded_every_command_says_where_it_looked_and_exits_2(string verb)
    {
        var empty = _directory.File("empty-plugins");
        Directory.CreateDirectory(empty);
        var job = Path.Combine(TestPaths.Config, "example.json");
        string[] args = verb is "run" or "validate" ? [verb, job] : [verb];

        using var conduit = ConduitProcess.Start(_directory.Path, new Dictionary<string, string> { ["Conduit__PluginPaths__0"] = empty }, args);
        var exit = await conduit.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == 2, $"exit {exit}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains("no plugin is loaded", conduit.Error, StringComparison.Ordinal);
        Assert.Contains($"{empty} (has no plugin folders)", conduit.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown stage type", conduit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_plugins_folder_is_found_from_the_current_folder()
    {
        Directory.CreateDirectory(_directory.File("lab-plugins"));
        Directory.CreateSymbolicLink(_directory.File("lab-plugins/Example"), Path.Combine(TestPaths.Plugins, "Example"));
        var environment = new Dictionary<string, string> { ["Conduit__PluginPaths__0"] = _directory.File("none") };

        using var conduit = ConduitProcess.Start(_directory.Path, environment, "plugins", "--plugins", "lab-plugins");
        var exit = await conduit.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == 0, $"exit {exit}\n{conduit.Output}\n{conduit.Error}");
        Assert.Contains($"Example: {_directory.File("lab-plugins/Example/Conduit.Plugins.Example.dll")}", conduit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_dll_placed_directly_in_a_plugins_folder_is_reported_with_where_it_belongs()
    {
        Directory.CreateDirectory(_directory.File("flat"));
        File.Copy(Path.Combine(TestPaths.Plugins, "Example", "Conduit.Plugins.Example.dll"), _directory.File("flat/Conduit.Plugins.Example.dll"));

        var run = await CliRun.RunAsync("plugins", "--plugins", _directory.File("flat"));

        Assert.Contains($"a plugin is a folder of its own: move it and its dependencies into {_directory.File("flat/Conduit.Plugins.Example")}/", run.Error, StringComparison.Ordinal);
    }
}
