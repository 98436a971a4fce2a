using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Plugins;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Jobs;
using Conduit.Engine.Running;
using Conduit.Engine.Stages;
using Conduit.Plugins.Example.Stages;
using Conduit.Testing.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conduit.Plugins.Example.Tests.Stages;

/// <summary>
/// The example stages' memory formulas checked against the job budget's measured peak in real runs: never above
/// the estimate, and with a slow consumer (every channel full, every stage holding a frame) within one frame of it.
/// </summary>
public sealed class MemoryEstimateTests
{
    [Theory]
    [InlineData(1, 256)]
    [InlineData(2, 512)]
    [InlineData(4, 256)]
    public async Task With_a_slow_consumer_the_measured_peak_reaches_the_estimate(int capacity, int size)
    {
        var (estimate, result) = await RunAsync(capacity, size, "test.slow-sink", """{ "delayMs": 60 }""");

        var frame = (long)size * size * 4;
        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.Equal((1 + (2 * (capacity + 1))) * frame, estimate);
        Assert.InRange(result.PeakBudgetBytes, estimate - frame, estimate);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Writing_to_disk_never_exceeds_the_estimate(int capacity)
    {
        var (estimate, result) = await RunAsync(capacity, 256, "example.write", """{ "path": "out.cfr" }""");

        Assert.Equal(JobStatus.Succeeded, result.Status);
        Assert.InRange(result.PeakBudgetBytes, 1, estimate);
    }

    [Fact]
    public void The_generator_holds_one_frame_by_its_own_estimate()
    {
        var estimate = new GenerateFramesEstimator().Estimate(new GenerateFramesOptions { Width = 100, Height = 10 }, new MemoryEstimationContext(2, 1 << 30));

        Assert.Equal(4000, estimate.PeakBytes);
        Assert.Equal(4000, estimate.LargestLeaseBytes);
    }

    private static async Task<(long Estimate, JobRunResult Result)> RunAsync(int capacity, int size, string sink, string sinkOptions)
    {
        using var directory = new TemporaryDirectory();
        var catalog = new StageCatalog();
        var services = new ServiceCollection();
        ConduitPluginBuilder.Register(new ExamplePlugin(), services, catalog);
        ConduitPluginBuilder.Register(new SlowSinkPlugin(), services, catalog);
        await using var provider = services.BuildServiceProvider();
        var json = $$"""
            { "name": "estimate", "channelCapacity": {{capacity}}, "memory": { "budget": "1 GiB" }, "stages": [
              { "id": "generate", "use": "example.generate", "with": { "width": {{size}}, "height": {{size}}, "count": 24 } },
              { "id": "scale", "use": "example.scale", "from": "generate", "with": { "factor": 2 } },
              { "id": "sink", "use": "{{sink}}", "from": "scale", "with": {{sinkOptions}} } ] }
            """;
        var validation = new JobValidator(catalog).Validate(JobReader.Read(System.Text.Encoding.UTF8.GetBytes(json), directory.File("job.json")));
        Assert.True(validation.IsValid, validation.Describe());
        var result = await new JobRunner(provider, NullLoggerFactory.Instance).RunAsync(validation.Plan!, settings: new JobRunSettings { CachePerCore = false }, cancellationToken: TestContext.Current.CancellationToken);
        return (validation.Plan!.EstimatedPeakBytes, result);
    }

    private sealed class SlowSinkPlugin : IConduitPlugin
    {
        public string Name => "SlowSink";

        public void Configure(IConduitPluginBuilder builder) => builder.AddStage<SlowSink, SlowSinkOptions>("test.slow-sink", "Waits before disposing each frame.");
    }

    private sealed class SlowSinkOptions
    {
        public int DelayMs { get; set; }
    }

    private sealed class SlowSink(SlowSinkOptions options) : ISinkStage<ImageFrame>
    {
        public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
        {
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                await Task.Delay(options.DelayMs, cancellationToken);
                frame.Dispose();
            }
        }
    }
}
