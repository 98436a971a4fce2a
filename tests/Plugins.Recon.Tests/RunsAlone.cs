namespace Conduit.Plugins.Recon.Tests;

/// <summary>Tests that measure the GC's allocation counter run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
