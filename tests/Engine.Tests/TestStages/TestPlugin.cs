using Conduit.Abstractions.Plugins;
using Conduit.Engine.Jobs;
using Conduit.Engine.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Engine.Tests.TestStages;

public sealed class TestPlugin : IConduitPlugin
{
    public string Name => "Test";

    public void Configure(IConduitPluginBuilder builder)
    {
        builder.Services.AddSingleton<Collector>();
        builder.AddStage<CountSource, CountOptions>("test.count", "Counts.").WithMemoryEstimator<CountEstimator>();
        builder.AddStage<PassTransform, PassOptions>("test.pass", "Passes on.");
        builder.AddStage<CollectSink, CollectOptions>("test.collect", "Collects.");
        builder.AddStage<WriteSink, WriteOptions>("test.write", "Writes.");
        builder.AddStage<RichSink, RichOptions>("test.rich", "Reads frames.");
    }

    /// <summary>A catalog and service provider with the test stages registered.</summary>
    public static (StageCatalog Catalog, ServiceProvider Services) Create()
    {
        var catalog = new StageCatalog();
        var services = new ServiceCollection();
        ConduitPluginBuilder.Register(new TestPlugin(), services, catalog);
        return (catalog, services.BuildServiceProvider());
    }

    public static JobValidationResult Validate(string json, StageCatalog? catalog = null, string? path = null) =>
        new JobValidator(catalog ?? Create().Catalog).Validate(JobReader.Read(System.Text.Encoding.UTF8.GetBytes(json), path));
}
