using Conduit.Engine.Jobs;
using Conduit.Host.Execution;
using Conduit.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Cli;

/// <summary>Reads and validates a job file for <c>run</c> and <c>validate</c>, printing every problem.</summary>
internal static class JobLoader
{
    /// <summary>The stage types a job uses, so that the host loads only their plugins; null (load every plugin) when
    /// the file could not be read as a job.</summary>
    public static IReadOnlySet<string>? StageTypesUsedBy(JobDocument document) =>
        document.Definition?.Stages.Select(s => s.Use).ToHashSet(StringComparer.Ordinal);

    public static JobValidationResult Load(IServiceProvider services, string path, CliEnvironment environment) =>
        Load(services, path, JobReader.ReadFile(path), environment);

    /// <summary>Validates an already read (or work-item) document of the job file at <paramref name="path"/>.</summary>
    public static JobValidationResult Load(IServiceProvider services, string path, JobDocument document, CliEnvironment environment)
    {
        WarnAboutPlugins(services, environment);
        var result = services.GetRequiredService<JobValidator>().Validate(document);
        WarnAbout(result, environment);
        if (!result.IsValid)
        {
            environment.Error.WriteLine(result.Describe());
            environment.Error.WriteLine($"{result.Errors.Count} problem{(result.Errors.Count == 1 ? string.Empty : "s")} in {path}; nothing was run.");
        }

        return result;
    }

    /// <summary>Validates every work item of a job (a job without work items is one); null, after printing every
    /// problem with its item, when any is invalid. Only the plan with the largest estimate is kept, so memory does not
    /// grow with the number of items (the executors make each item's plan again when it runs).</summary>
    public static WorkItemSummary? LoadItems(IServiceProvider services, string path, JobDocument document, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        WarnAboutPlugins(services, environment);
        var validator = services.GetRequiredService<JobValidator>();
        var whole = validator.Validate(document);
        WarnAbout(whole, environment);
        JobPlan? largest = null;
        var problems = 0;
        if (whole.Errors.Any(e => e.Path.StartsWith("$.workItems", StringComparison.Ordinal)) || document.Definition is null)
        {
            environment.Error.WriteLine(whole.Describe());
            environment.Error.WriteLine($"{whole.Errors.Count} problem{(whole.Errors.Count == 1 ? string.Empty : "s")} in {path}; nothing was run.");
            return null;
        }

        if (WorkItemJobs.Collision(document.Definition) is { } collision)
        {
            environment.Error.WriteLine($"{path}: $.workItems: {collision}; nothing was run.");
            return null;
        }

        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var item = 0; item < WorkItemJobs.Count(document.Definition); item++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = validator.Validate(WorkItemJobs.ForItem(document, item));
            foreach (var (jsonPath, canonical) in result.OutputFiles)
            {
                if (!written.TryAdd(canonical, item) && written[canonical] != item)
                {
                    problems++;
                    environment.Error.WriteLine($"work item {item}: {jsonPath}: writes {canonical}, which work item {written[canonical]} writes too");
                }
            }

            if (result.IsValid)
            {
                // Only the largest plan is kept: the others are made again when their items run.
                if (largest is null || result.Plan!.EstimatedPeakBytes > largest.EstimatedPeakBytes)
                {
                    largest = result.Plan;
                }

                continue;
            }

            problems += result.Errors.Count;
            environment.Error.WriteLine($"work item {item}:");
            environment.Error.WriteLine(result.Describe());
        }

        if (problems > 0)
        {
            environment.Error.WriteLine($"{problems} problem{(problems == 1 ? string.Empty : "s")} in {path}; nothing was run.");
            return null;
        }

        return new WorkItemSummary(WorkItemJobs.Count(document.Definition), largest!);
    }

    private static void WarnAbout(JobValidationResult result, CliEnvironment environment)
    {
        var name = result.Document.FilePath is null ? "job" : Path.GetFileName(result.Document.FilePath);
        foreach (var warning in result.Warnings)
        {
            environment.Error.WriteLine($"warning: {warning.Format(name)}");
        }
    }

    private static void WarnAboutPlugins(IServiceProvider services, CliEnvironment environment)
    {
        foreach (var failure in services.GetRequiredService<PluginLoadReport>().Failures)
        {
            environment.Error.WriteLine($"warning: plugin {failure.Name} was not loaded: {failure.Reason}");
        }
    }
}
