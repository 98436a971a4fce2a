using Conduit.Abstractions.Plugins;

namespace Conduit.Fixtures.Hungry;

/// <summary>A plugin whose stage allocates managed memory outside the pools, as a careless plugin might: the host's
/// heap limit must turn it into a clean job failure.</summary>
public sealed class HungryPlugin : IConduitPlugin
{
    public string Name => "Hungry";

    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<AllocateStage, AllocateOptions>("hungry.allocate", "Allocates and holds managed arrays outside any pool.");
    }
}
