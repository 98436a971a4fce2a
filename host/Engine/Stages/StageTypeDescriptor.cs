using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Stages;

/// <summary>A registered stage type: what the validator and the runner need to know about it.</summary>
public sealed class StageTypeDescriptor
{
    internal StageTypeDescriptor(string name, string description, string pluginName, Type stageType, Type optionsType)
    {
        Name = name;
        Description = description;
        PluginName = pluginName;
        StageType = stageType;
        OptionsType = optionsType;
        (Shape, InputType, OutputType) = Classify(stageType);
    }

    /// <summary>The dotted name jobs use (<c>example.generate</c>).</summary>
    public string Name { get; }

    /// <summary>One line for people.</summary>
    public string Description { get; }

    /// <summary>The plugin that registered it.</summary>
    public string PluginName { get; }

    /// <summary>The stage class.</summary>
    public Type StageType { get; }

    /// <summary>The options class bound from <c>with</c>.</summary>
    public Type OptionsType { get; }

    /// <summary>Source, transform or sink.</summary>
    public StageShape Shape { get; }

    /// <summary>Message type read, or null for a source.</summary>
    public Type? InputType { get; }

    /// <summary>Message type written, or null for a sink.</summary>
    public Type? OutputType { get; }

    /// <summary>The memory estimator type, if one is registered.</summary>
    public Type? EstimatorType { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Shape}: {InputType?.Name ?? "-"} -> {OutputType?.Name ?? "-"})";

    private static (StageShape Shape, Type? Input, Type? Output) Classify(Type stageType)
    {
        var found = new List<(StageShape, Type?, Type?)>();
        foreach (var face in stageType.GetInterfaces().Where(i => i.IsGenericType))
        {
            var definition = face.GetGenericTypeDefinition();
            var arguments = face.GetGenericArguments();
            if (definition == typeof(ISourceStage<>))
            {
                found.Add((StageShape.Source, null, arguments[0]));
            }
            else if (definition == typeof(ITransformStage<,>))
            {
                found.Add((StageShape.Transform, arguments[0], arguments[1]));
            }
            else if (definition == typeof(ISinkStage<>))
            {
                found.Add((StageShape.Sink, arguments[0], null));
            }
        }

        return found.Count == 1
            ? found[0]
            : throw new ArgumentException($"stage class {stageType.FullName} must implement exactly one of ISourceStage<T>, ITransformStage<TIn, TOut> or ISinkStage<T>; it implements {found.Count}");
    }
}
