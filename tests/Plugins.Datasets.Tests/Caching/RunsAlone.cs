namespace Conduit.Plugins.Datasets.Tests.Caching;

/// <summary>Tests that count this process's temporary files or measure its RSS run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
