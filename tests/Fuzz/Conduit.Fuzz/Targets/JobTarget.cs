using Conduit.Engine.Jobs;
using Conduit.Engine.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Fuzz.Targets;

/// <summary>A job file as <c>conduit validate</c> reads it: JSON with comments, the job's structure, every stage's
/// options bound and checked against the stage types of the bundled plugins, the memory estimate, file checks.</summary>
internal sealed class JobTarget : FuzzTarget
{
    private readonly StageCatalog _catalog = CreateCatalog();

    public override string Name => "job";

    public override string Description => "job files: JSON reader, structure, options of every bundled stage type, validator";

    // The JSON document, the bound options and the plan are a few objects per token.
    public override AllocationBound Bound => new(256, 16 << 20);

    // The reader never throws for bad input: every problem is an error in the document or in the validation result.
    public override bool IsRefusal(Exception error) => false;

    public override void Run(byte[] input)
    {
        var document = JobReader.Read(input, Path.Combine(ScratchFiles.Directory, "job.json"));
        var result = new JobValidator(_catalog).Validate(document);
        _ = result.Describe();
    }

    private static StageCatalog CreateCatalog()
    {
        var catalog = new StageCatalog();
        var services = new ServiceCollection();
        ConduitPluginBuilder.Register(new Plugins.Fcs.FcsPlugin(), services, catalog);
        ConduitPluginBuilder.Register(new Plugins.Dicos.DicosPlugin(), services, catalog);
        ConduitPluginBuilder.Register(new Plugins.Datasets.DatasetsPlugin(), services, catalog);
        ConduitPluginBuilder.Register(new Plugins.Pulseq.PulseqPlugin(), services, catalog);
        ConduitPluginBuilder.Register(new Plugins.Recon.ReconPlugin(), services, catalog);
        return catalog;
    }
}
