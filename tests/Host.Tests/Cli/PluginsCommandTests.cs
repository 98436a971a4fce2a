namespace Conduit.Host.Tests.Cli;

public sealed class PluginsCommandTests
{
    [Fact]
    public async Task Lists_the_example_plugin_loaded_from_its_plugin_folder_with_its_stages_and_options()
    {
        var run = await CliRun.RunAsync("plugins");

        Assert.Equal(0, run.ExitCode);
        // The location is printed whole on its own line, however long the path and however narrow the terminal.
        Assert.Contains($"Example: {Path.Combine(TestPaths.Plugins, "Example", "Conduit.Plugins.Example.dll")}", run.Output.Split('\n').Select(l => l.TrimEnd()));
        Assert.Contains("example.generate", run.Output, StringComparison.Ordinal);
        Assert.Contains("example.scale", run.Output, StringComparison.Ordinal);
        Assert.Contains("example.write", run.Output, StringComparison.Ordinal);
        Assert.Contains("Pixels per row.", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task An_unknown_verb_or_option_is_exit_code_2()
    {
        Assert.Equal(2, (await CliRun.RunAsync("frobnicate")).ExitCode);
        Assert.Equal(2, (await CliRun.RunAsync("run")).ExitCode);
        Assert.Equal(2, (await CliRun.RunAsync("inspect", "x", "--jsn")).ExitCode);
    }

    [Fact]
    public async Task A_plugins_folder_that_does_not_exist_is_reported()
    {
        var missing = Path.Combine(Path.GetTempPath(), "conduit-no-such-plugins-" + Guid.NewGuid().ToString("N"));

        var run = await CliRun.RunAsync("plugins", "--plugins", missing);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"({missing}): the folder given with --plugins does not exist", run.Error, StringComparison.Ordinal);
    }
}
