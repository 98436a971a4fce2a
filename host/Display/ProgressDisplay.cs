using System.Globalization;
using Conduit.Engine.Running;
using Spectre.Console;

namespace Conduit.Host.Display;

/// <summary>
/// Shows a running job: a live progress bar per stage on a terminal, or plain lines when output is redirected (a
/// line when a stage changes state, and a progress line per running stage every few seconds).
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public static Task ShowAsync(IAnsiConsole console, TextWriter plain, bool interactive, JobProgress progress, Task run) =>
        interactive ? ShowLiveAsync(console, progress, run) : ShowPlainAsync(plain, progress, run);

    private static async Task ShowLiveAsync(IAnsiConsole console, JobProgress progress, Task run)
    {
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = progress.Stages.ToDictionary(s => s, s => context.AddTask(Describe(s), autoStart: false));
                while (true)
                {
                    var finished = run.IsCompleted;
                    foreach (var (stage, task) in tasks)
                    {
                        Update(stage, task);
                    }

                    if (finished)
                    {
                        break;
                    }

                    await Task.WhenAny(run, Task.Delay(100));
                }
            });
    }

    private static void Update(StageProgress stage, ProgressTask task)
    {
        task.Description = Describe(stage);
        if (stage.Status != StageStatus.Pending && !task.IsStarted)
        {
            task.StartTask();
        }

        if (stage.Total is { } total)
        {
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(total, 1);
            task.Value = Math.Min(stage.Done, task.MaxValue);
        }
        else
        {
            task.IsIndeterminate = stage.Status == StageStatus.Running;
        }

        if (stage.Status is StageStatus.Succeeded)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        else if (stage.Status is StageStatus.Failed or StageStatus.Cancelled)
        {
            task.StopTask();
        }
    }

    private static string Describe(StageProgress stage)
    {
        var colour = stage.Status switch
        {
            StageStatus.Succeeded => "green",
            StageStatus.Failed => "red",
            StageStatus.Cancelled => "yellow",
            _ => "default",
        };
        var counts = stage.Total is { } total ? $" {stage.Done}/{total} {stage.Unit}" : stage.Done > 0 ? $" {stage.Done} {stage.Unit}" : string.Empty;
        return $"[{colour}]{Markup.Escape(stage.StageId)}[/] [grey]{Markup.Escape(stage.StageType)}[/]{Markup.Escape(counts)} {StatusWord(stage.Status)}";
    }

    private static string StatusWord(StageStatus status) => status.ToString().ToLowerInvariant();

    private static async Task ShowPlainAsync(TextWriter output, JobProgress progress, Task run)
    {
        var last = progress.Stages.ToDictionary(s => s, _ => (Status: StageStatus.Pending, Done: -1L));
        var nextPeriodic = DateTime.UtcNow + PlainInterval;
        while (true)
        {
            var finished = run.IsCompleted;
            var periodic = DateTime.UtcNow >= nextPeriodic;
            foreach (var stage in progress.Stages)
            {
                var status = stage.Status;
                var done = stage.Done;
                var changed = status != last[stage].Status;
                if (changed || (periodic && status == StageStatus.Running && done != last[stage].Done))
                {
                    var counts = stage.Total is { } total ? $", {done}/{total} {stage.Unit}" : done > 0 ? $", {done} {stage.Unit}" : string.Empty;
                    var elapsed = status is StageStatus.Pending or StageStatus.Running ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" in {stage.Elapsed.TotalSeconds:0.00} s");
                    await output.WriteLineAsync($"{DateTime.Now:HH:mm:ss} stage {stage.StageId} ({stage.StageType}): {StatusWord(status)}{counts}{elapsed}");
                    last[stage] = (status, done);
                }
            }

            if (periodic)
            {
                nextPeriodic = DateTime.UtcNow + PlainInterval;
            }

            if (finished)
            {
                return;
            }

            await Task.WhenAny(run, Task.Delay(200));
        }
    }
}
