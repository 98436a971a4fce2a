using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Conduit.Engine.Jobs;

namespace Conduit.Host.Execution;

/// <summary>
/// Submits a job's work items to Slurm as one job array: task i runs <c>conduit run JOB --work-item i</c> and leaves its
/// exit code in the state folder (<c>.conduit-slurm/JOB/</c> beside the job file), with its log. Waits for the array
/// to leave the queue, then reports every item; an item that left no exit code was killed (time or memory limit,
/// <c>scancel</c>, a node failure). <c>--resubmit-failed</c> submits only the items that did not succeed last time.
/// The memory request comes from the stage estimators (the largest item's estimated peak) when every stage has one,
/// and otherwise from the job's budget, which the pools never exceed; <see cref="RuntimeAllowanceBytes"/> is added.
/// </summary>
internal sealed class SlurmExecutor(TextWriter output)
{
    /// <summary>What a conduit process needs besides its budget: runtime, code, plugins (an idle run peaks near 90 MiB).</summary>
    public const long RuntimeAllowanceBytes = 256L << 20;

    private const int MaxQueryFailures = 30;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Submits, waits and reports; returns null when Slurm cannot be used, after saying why.</summary>
    public async Task<IReadOnlyList<WorkItemOutcome>?> RunAsync(string jobPath, JobDocument document, WorkItemSummary summary, SlurmOptions options, IReadOnlyList<string> pluginFolders, TextWriter error, CancellationToken cancellationToken)
    {
        if (Commands.Find("sbatch") is not { } sbatch || Commands.Find("squeue") is not { } squeue)
        {
            error.WriteLine("--executor slurm: sbatch and squeue are not on PATH; install Slurm's client commands (Debian: slurm-client) or run without --executor to use the local executor");
            return null;
        }

        var definition = document.Definition!;
        var state = Path.Combine(Path.GetDirectoryName(jobPath)!, ".conduit-slurm", Path.GetFileNameWithoutExtension(jobPath));
        var (logs, exits) = (Path.Combine(state, "logs"), Path.Combine(state, "exit"));
        var items = Enumerable.Range(0, summary.Count).ToList();
        if (options.ResubmitFailed)
        {
            items = items.Where(i => ExitCodeOf(exits, i) != 0).ToList();
            if (items.Count == 0)
            {
                output.WriteLine("every work item succeeded last time: nothing to resubmit");
                return [];
            }
        }

        Directory.CreateDirectory(logs);
        Directory.CreateDirectory(exits);
        foreach (var item in items)
        {
            File.Delete(Path.Combine(exits, $"item-{item}"));
        }

        var estimated = summary.AllEstimated;
        // Cached pool memory is real memory while it is cached, so the request covers it (never more than the budget).
        var peak = estimated ? Math.Min(definition.Memory.Budget.Bytes, summary.Largest.EstimatedPeakBytes + summary.Largest.CacheSlackBytes) : definition.Memory.Budget.Bytes;
        var memoryMiB = (peak + RuntimeAllowanceBytes + (1 << 20) - 1) >> 20;
        // The task keeps conduit's exit code for the report and exits with it, so Slurm's own accounting agrees.
        var task = $"{ConduitCommand(pluginFolders)} run {Quote(Path.GetFullPath(jobPath))} --work-item \"$SLURM_ARRAY_TASK_ID\"; rc=$?; echo $rc > {Quote(exits)}/item-\"$SLURM_ARRAY_TASK_ID\"; exit $rc";
        List<string> arguments =
        [
            "--parsable", "--job-name", $"conduit-{definition.Name}", "--array", string.Join(',', items),
            "--output", Path.Combine(logs, "item-%a.log"), "--mem", $"{memoryMiB}M",
        ];
        if (options.Partition is { } partition)
        {
            arguments.AddRange(["--partition", partition]);
        }

        if (options.Time is { } time)
        {
            arguments.AddRange(["--time", time]);
        }

        arguments.AddRange(["--wrap", task]);
        var submitted = await Commands.RunAsync(sbatch, arguments, cancellationToken);
        if (submitted.ExitCode != 0)
        {
            error.WriteLine($"--executor slurm: sbatch refused the job array: {submitted.Error}");
            return null;
        }

        var jobId = submitted.Output.Split(';')[0];
        output.WriteLine($"submitted work items {string.Join(", ", items)} as Slurm job array {jobId} ({memoryMiB} MiB each: {(estimated ? "the stages' estimated peak" : "the job's budget, as a stage cannot estimate its memory")} + {RuntimeAllowanceBytes >> 20} MiB); logs in {logs}");
        await File.WriteAllTextAsync(Path.Combine(state, "submission.json"), JsonSerializer.Serialize(new { jobId, items, memoryMiB }), cancellationToken);
        try
        {
            await WaitAsync(squeue, jobId, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            if (Commands.Find("scancel") is { } scancel)
            {
                await Commands.RunAsync(scancel, [jobId], CancellationToken.None);
            }

            throw;
        }

        return [.. items.Select(item => Outcome(definition, item, exits, logs))];
    }

    private static async Task WaitAsync(string squeue, string jobId, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            var queue = await Commands.RunAsync(squeue, ["-h", "-j", jobId, "-o", "%i"], cancellationToken);
            // Once the array has left the queue squeue prints nothing, or, when the controller has forgotten it, refuses
            // the id; any other failure (a controller that is slow to answer) is asked again, not taken for the end.
            if ((queue.ExitCode == 0 && queue.Output.Length == 0) || queue.Error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            failures = queue.ExitCode == 0 ? 0 : failures + 1;
            if (failures == MaxQueryFailures)
            {
                throw new InvalidOperationException($"squeue failed {MaxQueryFailures} times in a row while waiting for job {jobId}: {queue.Error}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static WorkItemOutcome Outcome(JobDefinition definition, int item, string exits, string logs)
    {
        var name = definition.WorkItems?.Name(item) ?? definition.Name;
        var log = Path.Combine(logs, $"item-{item}.log");
        var code = ExitCodeOf(exits, item);
        if (code == 0)
        {
            return new WorkItemOutcome(item, name, 0, "succeeded");
        }

        var tail = File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(15).Select(l => $"    | {l}")) : "    (no log)";
        var what = code switch
        {
            null => "was killed before it finished (no exit code: time or memory limit, scancel, node failure)",
            > 128 => $"was killed by signal {code - 128} (exit code {code}: the memory limit, or a kill)",
            _ => $"failed with exit code {code}",
        };
        return new WorkItemOutcome(item, name, code, $"{what}; log {log}:{Environment.NewLine}{tail}");
    }

    private static int? ExitCodeOf(string exits, int item)
    {
        var file = Path.Combine(exits, $"item-{item}");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    // This conduit: its apphost when it has one, otherwise the dotnet muxer of the running runtime with conduit.dll.
    private static string ConduitCommand(IReadOnlyList<string> pluginFolders)
    {
        var assembly = typeof(SlurmExecutor).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, "conduit");
        var command = File.Exists(apphost)
            ? Quote(apphost)
            : $"{Quote(Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet")))} {Quote(assembly)}";
        return string.Concat(command, string.Concat(pluginFolders.Select(p => $" --plugins {Quote(Path.GetFullPath(p))}")));
    }

    private static string Quote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
