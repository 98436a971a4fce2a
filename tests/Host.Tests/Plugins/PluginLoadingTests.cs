using Conduit.Host.Cli;
using Conduit.Testing.Files;

namespace Conduit.Host.Tests.Plugins;

public sealed class PluginLoadingTests : IDisposable
{
    private readonly TemporaryDirectory _plugins = new();

    public PluginLoadingTests()
    {
        PluginFolders.Copy(Path.Combine(TestPaths.Plugins, "Example"), _plugins.File("Example"));
        PluginFolders.Copy(Path.Combine(TestPaths.Fixtures, "Throwing"), _plugins.File("Throwing"));
        PluginFolders.Copy(Path.Combine(TestPaths.Fixtures, "MissingDependency"), _plugins.File("MissingDependency"));
        File.Delete(_plugins.File(Path.Combine("MissingDependency", "Conduit.Fixtures.Dependency.dll")));
        Directory.CreateDirectory(_plugins.File("Empty"));
    }

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public async Task Broken_plugins_are_reported_by_name_and_reason_and_the_others_still_load()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ConduitCli.RunAsync(["plugins", "--plugins", _plugins.Path], output, error, handleCtrlC: false, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Contains("example.generate", output.ToString(), StringComparison.Ordinal);
        var problems = error.ToString();
        Assert.Contains("plugin Throwing failed to load", problems, StringComparison.Ordinal);
        Assert.Contains("the instrument driver is not installed", problems, StringComparison.Ordinal);
        Assert.Contains("plugin MissingDependency failed to load", problems, StringComparison.Ordinal);
        Assert.Contains("missing dependency Conduit.Fixtures.Dependency", problems, StringComparison.Ordinal);
        Assert.Contains("plugin Empty failed to load", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("Throwing", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_using_a_plugin_that_failed_says_why_the_stage_type_is_unknown()
    {
        var job = _plugins.File("job.json");
        await File.WriteAllTextAsync(job, """{ "name": "x", "stages": [ { "id": "a", "use": "throwing.thing" } ] }""", TestContext.Current.CancellationToken);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ConduitCli.RunAsync(["validate", job, "--plugins", _plugins.Path], output, error, handleCtrlC: false, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("warning: plugin Throwing was not loaded", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown stage type \"throwing.thing\"", error.ToString(), StringComparison.Ordinal);
    }
}
