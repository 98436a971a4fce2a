using System.Runtime.CompilerServices;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Running;

/// <summary>
/// Calls a stage whose message types are known only at run time, without reflection on the call: one typed adapter is
/// built per stage class (the only <c>MakeGenericType</c>), and from then on ports, routes and <c>RunAsync</c> are
/// ordinary typed calls.
/// </summary>
internal abstract class StageAdapter
{
    // Keyed weakly, so a plugin's types do not outlive its load context because of this cache.
    private static readonly ConditionalWeakTable<Type, StageAdapter> Built = new();

    /// <summary>The adapter of <paramref name="type"/>'s stage class, built on first use.</summary>
    public static StageAdapter For(StageTypeDescriptor type) => Built.GetValue(type.StageType, _ => Build(type));

    /// <summary>A bounded channel of the stage's input type, written by <paramref name="producers"/> producers.</summary>
    public abstract IMessagePort CreateInputPort(int capacity, int producers);

    /// <summary>A bounded channel of the stage's output type, for a producer that needs a router.</summary>
    public abstract IMessagePort CreateOutputPort(int capacity);

    /// <summary>Carries what the stage writes into <paramref name="port"/> to <paramref name="targets"/>.</summary>
    public abstract Task RouteOutputAsync(IMessagePort port, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="stage"/> on its ports; what it writes is counted under <paramref name="stageTypeName"/>.</summary>
    public abstract Task RunAsync(object stage, IStageContext context, IMessagePort? input, IMessagePort? output, string stageTypeName, CancellationToken cancellationToken);

    private static StageAdapter Build(StageTypeDescriptor type)
    {
        var adapter = type.Shape switch
        {
            StageShape.Source => typeof(SourceStageAdapter<>).MakeGenericType(type.OutputType!),
            StageShape.Transform => typeof(TransformStageAdapter<,>).MakeGenericType(type.InputType!, type.OutputType!),
            _ => typeof(SinkStageAdapter<>).MakeGenericType(type.InputType!),
        };
        return (StageAdapter)Activator.CreateInstance(adapter)!;
    }
}
