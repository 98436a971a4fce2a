using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Plugins;

/// <summary>Further settings of a registered stage type.</summary>
/// <typeparam name="TOptions">The stage's options type.</typeparam>
public interface IStageTypeBuilder<TOptions>
    where TOptions : class, new()
{
    /// <summary>Sets the estimator the validator uses to check the stage against the job's memory budget.</summary>
    IStageTypeBuilder<TOptions> WithMemoryEstimator<TEstimator>()
        where TEstimator : class, IMemoryEstimator<TOptions>, new();
}
