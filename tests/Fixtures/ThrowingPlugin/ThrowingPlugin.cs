using Conduit.Abstractions.Plugins;

namespace Conduit.Fixtures.Throwing;

/// <summary>A plugin whose constructor throws.</summary>
public sealed class ThrowingPlugin : IConduitPlugin
{
    public ThrowingPlugin() => throw new InvalidOperationException("the instrument driver is not installed");

    public string Name => "Throwing";

    public void Configure(IConduitPluginBuilder builder)
    {
    }
}
