using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conduit.Engine.Telemetry;

/// <summary>The job and stage spans (<c>Conduit.Jobs</c> activity source) and the job meter.</summary>
public static class ConduitTelemetry
{
    /// <summary>Name of the activity source and of the jobs meter.</summary>
    public const string JobsSourceName = "Conduit.Jobs";

    /// <summary>Spans: one per job, one per stage.</summary>
    public static ActivitySource Jobs { get; } = new(JobsSourceName, "1.0");

#pragma warning disable CA2000 // lives for the process
    private static readonly Meter JobsMeter = new(JobsSourceName, "1.0");
#pragma warning restore CA2000

    /// <summary>Messages written by stages, tagged with the stage type.</summary>
    public static Counter<long> MessagesWritten { get; } = JobsMeter.CreateCounter<long>("conduit.stage.messages", "{message}", "Messages written by stages");

    /// <summary>Stage run times, tagged with stage type and outcome.</summary>
    public static Histogram<double> StageDuration { get; } = JobsMeter.CreateHistogram<double>("conduit.stage.duration", "s", "Time from a stage's start to its end");
}
