using System.Reflection;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Stages;

/// <summary>Calls a stage type's <see cref="IMemoryEstimator{TOptions}"/> without knowing its options type statically.</summary>
internal static class StageMemoryEstimator
{
    private static readonly MethodInfo EstimateCore = typeof(StageMemoryEstimator).GetMethod(nameof(EstimateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The estimate for <paramref name="options"/>, or null when the type has no estimator.</summary>
    public static MemoryEstimate Estimate(StageTypeDescriptor type, object options, MemoryEstimationContext context)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.EstimatorType is null)
        {
            throw new InvalidOperationException($"stage type {type.Name} has no memory estimator");
        }

        return (MemoryEstimate)EstimateCore.MakeGenericMethod(type.OptionsType).Invoke(null, [Activator.CreateInstance(type.EstimatorType)!, options, context])!;
    }

    private static MemoryEstimate EstimateTyped<TOptions>(IMemoryEstimator<TOptions> estimator, TOptions options, MemoryEstimationContext context)
        where TOptions : class => estimator.Estimate(options, context);
}
