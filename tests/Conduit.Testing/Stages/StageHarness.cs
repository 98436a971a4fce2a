using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Outputs;
using Conduit.Engine.Running;
using Conduit.Testing.Files;
using Conduit.Testing.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conduit.Testing.Stages;

/// <summary>
/// Runs one stage on in-memory inputs, with a <see cref="LeakCheckingPool"/>, a temporary folder for relative paths
/// and outputs, and real progress. Disposing the harness fails the test if the stage (or the test) leaked a lease.
/// </summary>
public sealed class StageHarness : IDisposable
{
    private readonly Dictionary<string, IBufferPool> _pools = new(StringComparer.Ordinal);

    /// <summary>Creates a harness whose default pool has a budget of <paramref name="budgetBytes"/>.</summary>
    public StageHarness(long budgetBytes = 1L << 30, string stageId = "stage-under-test", string stageType = "test.stage", ILogger? logger = null)
    {
        Pool = new LeakCheckingPool("default", budgetBytes);
        Directory = new TemporaryDirectory();
        Progress = new StageProgress(stageId, stageType);
        Outputs = new OutputFileSet();
        Context = new StageContext(stageId, stageType, Pool, Pool.Budget, GetPool, logger ?? NullLogger.Instance, Progress, Outputs, Directory.Path);
    }

    /// <summary>The stage's default pool.</summary>
    public LeakCheckingPool Pool { get; }

    /// <summary>Folder that relative paths resolve against.</summary>
    public TemporaryDirectory Directory { get; }

    /// <summary>The stage's progress.</summary>
    public StageProgress Progress { get; }

    /// <summary>Output files the stage created.</summary>
    public OutputFileSet Outputs { get; }

    /// <summary>The context handed to the stage.</summary>
    public IStageContext Context { get; }

    /// <summary>Makes <paramref name="pool"/> available to the stage under <paramref name="name"/>.</summary>
    public StageHarness WithPool(string name, IBufferPool pool)
    {
        _pools[name] = pool;
        return this;
    }

    /// <summary>Runs a source stage and returns everything it wrote (the caller disposes the messages).</summary>
    public async Task<List<TOutput>> RunSourceAsync<TOutput>(ISourceStage<TOutput> stage, CancellationToken cancellationToken = default)
        where TOutput : class, IConduitMessage
    {
        ArgumentNullException.ThrowIfNull(stage);
        var output = Channel.CreateUnbounded<TOutput>();
        try
        {
            await stage.RunAsync(Context, output.Writer, cancellationToken);
        }
        catch
        {
            DisposeAll(output.Reader);
            throw;
        }

        output.Writer.Complete();
        return Collect(output.Reader);
    }

    /// <summary>Runs a transform stage on <paramref name="inputs"/> (ownership passes to the stage) and returns its output.</summary>
    public async Task<List<TOutput>> RunTransformAsync<TInput, TOutput>(ITransformStage<TInput, TOutput> stage, IEnumerable<TInput> inputs, CancellationToken cancellationToken = default)
        where TInput : class, IConduitMessage
        where TOutput : class, IConduitMessage
    {
        ArgumentNullException.ThrowIfNull(stage);
        var input = Filled(inputs);
        var output = Channel.CreateUnbounded<TOutput>();
        try
        {
            await stage.RunAsync(Context, input, output.Writer, cancellationToken);
        }
        catch
        {
            DisposeAll(output.Reader);
            throw;
        }
        finally
        {
            DisposeAll(input);
        }

        output.Writer.Complete();
        return Collect(output.Reader);
    }

    /// <summary>Runs a sink stage on <paramref name="inputs"/> (ownership passes to the stage).</summary>
    public async Task RunSinkAsync<TInput>(ISinkStage<TInput> stage, IEnumerable<TInput> inputs, CancellationToken cancellationToken = default)
        where TInput : class, IConduitMessage
    {
        ArgumentNullException.ThrowIfNull(stage);
        var input = Filled(inputs);
        try
        {
            await stage.RunAsync(Context, input, cancellationToken);
        }
        finally
        {
            DisposeAll(input);
        }
    }

    /// <summary>Commits the outputs as a successful job would, returning their final paths.</summary>
    public IReadOnlyList<string> CommitOutputs()
    {
        var incomplete = Outputs.CommitAll();
        return Outputs.Files.Select(f => f.FinalPath).Except(incomplete).ToList();
    }

    /// <summary>Discards uncommitted outputs, deletes the folder, and fails if a lease leaked.</summary>
    public void Dispose()
    {
        try
        {
            Outputs.DiscardAll();
            Pool.Dispose();
        }
        finally
        {
            Directory.Dispose();
        }
    }

    private static ChannelReader<T> Filled<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var channel = Channel.CreateUnbounded<T>();
        foreach (var item in items)
        {
            channel.Writer.TryWrite(item);
        }

        channel.Writer.Complete();
        return channel.Reader;
    }

    private static List<T> Collect<T>(ChannelReader<T> reader)
    {
        var items = new List<T>();
        while (reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private static void DisposeAll<T>(ChannelReader<T> reader)
        where T : class, IConduitMessage
    {
        while (reader.TryRead(out var item))
        {
            item.Dispose();
        }
    }

    private IBufferPool GetPool(string name) =>
        _pools.TryGetValue(name, out var pool) ? pool
        : throw new KeyNotFoundException($"no pool named \"{name}\" in this harness (add one with WithPool)");
}
