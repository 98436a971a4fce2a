using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Conduit.Host.Tests.PluginKit;

/// <summary>The plugin author's path outside the solution (tests/PluginKit/plugin-kit-e2e.sh) and the kit's versions.</summary>
public sealed class PluginKitTests
{
    [Fact]
    public async Task A_plugin_made_from_the_template_builds_tests_and_runs_against_the_packed_packages_and_another_major_is_refused()
    {
        var script = Path.Combine(TestPaths.RepoRoot, "tests", "PluginKit", "plugin-kit-e2e.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(TestPaths.HostAssembly);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await error}");
        Assert.Contains("plugin kit: all checks passed", await output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_template_builds_against_the_version_this_repository_packs()
    {
        // Packing replaces the template's placeholder default with the package's own version (from git tags); the
        // end-to-end script builds a plugin with that default, and this checks that the placeholder is the one replaced.
        var project = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "plugins", "Templates", "Conduit.Templates.csproj"), TestContext.Current.CancellationToken);
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "plugins", "Templates", "conduit-plugin", ".template.config", "template.json"), TestContext.Current.CancellationToken))!;

        var placeholder = template["symbols"]!["conduitVersion"]!["defaultValue"]!.GetValue<string>();
        Assert.Contains($"Find=\"&quot;defaultValue&quot;: &quot;{placeholder}&quot;\" Replacement=\"&quot;defaultValue&quot;: &quot;$(PackageVersion)&quot;\"", project, StringComparison.Ordinal);
    }
}
