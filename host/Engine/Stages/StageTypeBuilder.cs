using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Plugins;

namespace Conduit.Engine.Stages;

/// <summary>Adds settings to a stage type as it is registered.</summary>
internal sealed class StageTypeBuilder<TOptions>(StageTypeDescriptor descriptor) : IStageTypeBuilder<TOptions>
    where TOptions : class, new()
{
    public IStageTypeBuilder<TOptions> WithMemoryEstimator<TEstimator>()
        where TEstimator : class, IMemoryEstimator<TOptions>, new()
    {
        descriptor.EstimatorType = typeof(TEstimator);
        return this;
    }
}
