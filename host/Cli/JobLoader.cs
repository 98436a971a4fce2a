using Conduit.Engine.Jobs;
using Conduit.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Cli;

/// <summary>Reads and validates a job file for <c>run</c> and <c>validate</c>, printing every problem.</summary>
internal static class JobLoader
{
    public static JobValidationResult Load(IServiceProvider services, string path, CliEnvironment environment)
    {
        var report = services.GetRequiredService<PluginLoadReport>();
        foreach (var failure in report.Failures)
        {
            environment.Error.WriteLine($"warning: plugin {failure.Name} was not loaded: {failure.Reason}");
        }

        var result = services.GetRequiredService<JobValidator>().Validate(JobReader.ReadFile(path));
        if (!result.IsValid)
        {
            environment.Error.WriteLine(result.Describe());
            environment.Error.WriteLine($"{result.Errors.Count} problem{(result.Errors.Count == 1 ? string.Empty : "s")} in {path}; nothing was run.");
        }

        return result;
    }
}
